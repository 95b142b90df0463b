#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <tas/fake/fake_llm_behaviour.hpp>

namespace tas::fake {

struct FakeLlmOptions {
  int port = 0;  // on 127.0.0.1; 0: any free port, read back with port()
  // The key clients must present (x-api-key, or Authorization: Bearer). Empty: any non-empty key.
  std::string api_key;
  // The "model" of every response.
  std::string model = "fake-judge-1";
};

// One request the fake received, as it arrived.
struct FakeLlmRequest {
  std::string path;                            // "/v1/messages" or "/v1/chat/completions"
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string step;  // the step name found in the prompt ("start"), or ""
  int status = 0;    // what the fake answered
};

// A fake LLM endpoint for the judge (docs/judge.md, 'The fake LLM (tests)'): a real HTTP server on
// loopback that speaks both protocols the LLM judge does, in the providers' own request and
// response shapes —
//
//   POST /v1/messages           Anthropic Messages: needs x-api-key and anthropic-version;
//                               answers {"id", "type": "message", "role": "assistant", "model",
//                               "content": [{"type": "text", "text"}], "stop_reason", "usage"}
//   POST /v1/chat/completions   OpenAI chat completions: needs Authorization: Bearer <key>;
//                               answers {"id", "object": "chat.completion", "model", "choices":
//                               [{"index", "message": {"role", "content"}, "finish_reason"}],
//                               "usage"}
//
// with each provider's error shape for a wrong key (401), a missing header or body field (400),
// and a scripted error status. The answer for a step is scripted by the step's name, which the
// fake finds in the prompt's "Step: <n> <name>" line; unscripted steps get the default behaviour.
//
//   FakeLlmServer llm({.api_key = "test-key"});
//   llm.script("verify", FakeLlmBehaviour::verdict(false, "a crash line in the log tail"));
//   llm.start();
//   … point an LlmJudge at llm.anthropic_endpoint() …
//   EXPECT_EQ(llm.calls(), 7u);
//
// Every method is thread-safe and may be called before start(), while serving, and after stop().
class FakeLlmServer {
 public:
  explicit FakeLlmServer(FakeLlmOptions options = {});
  ~FakeLlmServer();  // stops
  FakeLlmServer(const FakeLlmServer&) = delete;
  FakeLlmServer& operator=(const FakeLlmServer&) = delete;

  // Binds on the calling thread and returns once the server is listening. Throws
  // std::runtime_error when the port cannot be bound. Once only.
  void start();
  // Stops listening, ends every scripted delay at once, and joins the server's threads. Idempotent.
  void stop();

  [[nodiscard]] int port() const;
  [[nodiscard]] std::string base_url() const;            // http://127.0.0.1:<port>
  [[nodiscard]] std::string anthropic_endpoint() const;  // <base_url>/v1/messages
  [[nodiscard]] std::string openai_endpoint() const;     // <base_url>/v1/chat/completions

  // The behaviour for one step by name ("start", "round-trip", …), or for every step not scripted.
  void script(const std::string& step, FakeLlmBehaviour behaviour);
  void script_default(FakeLlmBehaviour behaviour);
  // {"<step name>" | "default": <behaviour, see FakeLlmBehaviour::from_json>, …}
  void load_script(const nlohmann::json& script);

  // Requests that arrived at the two endpoints so far (also those refused, and those still being
  // answered — `status` is 0 until they are), and each of them.
  [[nodiscard]] std::size_t calls() const;
  [[nodiscard]] std::vector<FakeLlmRequest> requests() const;
  // Waits (on a condition variable) until at least `count` requests have arrived, or `timeout`
  // passes. Returns whether they did.
  bool wait_for_calls(std::size_t count, std::chrono::milliseconds timeout) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tas::fake
