#include "stub_bot_api.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "processes.hpp"

namespace tas::reference_agent {
namespace {

using nlohmann::json;

constexpr const char* kJson = "application/json";
constexpr std::int64_t kBotId = 123456789;

void reply_error(httplib::Response& response, int status, const std::string& description) {
  response.status = status;
  response.set_content(
      json{{"ok", false}, {"error_code", status}, {"description", description}}.dump(), kJson);
}

void reply_ok(httplib::Response& response, const json& result) {
  response.set_content(json{{"ok", true}, {"result", result}}.dump(), kJson);
}

// The agent sends JSON bodies; a query string is accepted too.
json parameters(const httplib::Request& request) {
  json params = json::object();
  if (!request.body.empty()) {
    params = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    if (!params.is_object()) params = json::object();
  }
  for (const auto& [key, value] : request.params) {
    const json parsed = json::parse(value, nullptr, /*allow_exceptions=*/false);
    params[key] = parsed.is_discarded() ? json(value) : parsed;
  }
  return params;
}

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

StubBotApi::StubBotApi(std::string token) : token_(std::move(token)) {
  const auto handler = [this](const httplib::Request& request, httplib::Response& response) {
    handle(request, response);
  };
  server_.Post(R"(/bot([^/]+)/([A-Za-z]+))", handler);
  server_.Get(R"(/bot([^/]+)/([A-Za-z]+))", handler);
  port_ = server_.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("stub Bot API: cannot bind a loopback port");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // httplib's stop() is a no-op until its loop runs, and the loop then never ends: a stub torn
  // down within microseconds of its start (a test that never calls it) would hang its join.
  if (!test::eventually([this] { return server_.is_running(); }, std::chrono::seconds(10))) {
    throw std::runtime_error("stub Bot API: the server did not start within 10 s");
  }
}

StubBotApi::~StubBotApi() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  server_.stop();
  thread_.join();
}

std::string StubBotApi::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

std::int64_t StubBotApi::push_message(json message) {
  std::int64_t id = 0;
  {
    const std::lock_guard lock(mutex_);
    id = next_update_id_++;
    pending_.push_back(json{{"update_id", id}, {"message", std::move(message)}});
  }
  changed_.notify_all();
  return id;
}

void StubBotApi::fail_next_get_updates_with_conflict(int count) {
  const std::lock_guard lock(mutex_);
  forced_conflicts_ = count;
}

std::vector<json> StubBotApi::sent_messages() const {
  const std::lock_guard lock(mutex_);
  return sent_;
}

std::vector<StubBotApi::GetUpdatesCall> StubBotApi::get_updates_calls() const {
  const std::lock_guard lock(mutex_);
  return calls_;
}

int StubBotApi::conflicts() const {
  const std::lock_guard lock(mutex_);
  return conflicts_;
}

bool StubBotApi::confirmed_locked(std::int64_t update_id) const {
  return std::any_of(calls_.begin(), calls_.end(), [update_id](const GetUpdatesCall& call) {
    return call.offset && *call.offset > update_id;
  });
}

bool StubBotApi::wait_until(const std::function<bool()>& ready, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, ready);
}

void StubBotApi::handle(const httplib::Request& request, httplib::Response& response) {
  if (request.matches[1] != token_) {
    reply_error(response, 401, "Unauthorized");
    return;
  }
  const std::string method = lowercase(request.matches[2]);
  const json params = parameters(request);
  if (method == "getupdates") {
    get_updates(params, response);
  } else if (method == "sendmessage") {
    send_message(params, response);
  } else {
    reply_error(response, 404, "Not Found");
  }
}

void StubBotApi::get_updates(const json& params, httplib::Response& response) {
  GetUpdatesCall call;
  if (params.contains("offset") && params["offset"].is_number_integer()) {
    call.offset = params["offset"].get<std::int64_t>();
  }
  if (params.contains("timeout") && params["timeout"].is_number_integer()) {
    call.timeout_s = params["timeout"].get<int>();
  }
  std::unique_lock lock(mutex_);
  calls_.push_back(call);
  changed_.notify_all();
  if (forced_conflicts_ > 0) {
    --forced_conflicts_;
    ++conflicts_;
    reply_error(response, 409,
                "Conflict: terminated by other getUpdates request; make sure that only one bot "
                "instance is running");
    return;
  }
  if (call.offset) {
    std::erase_if(pending_, [&](const json& update) {
      return update["update_id"].get<std::int64_t>() < *call.offset;
    });
  }
  if (pending_.empty() && call.timeout_s > 0) {
    // Park; a later long poll that also finds nothing supersedes this one with a 409.
    const std::uint64_t generation = ++park_generation_;
    changed_.notify_all();
    changed_.wait_for(lock, std::chrono::seconds(call.timeout_s), [&] {
      return stopping_ || !pending_.empty() || park_generation_ != generation;
    });
    if (park_generation_ != generation) {
      ++conflicts_;
      changed_.notify_all();
      reply_error(response, 409,
                  "Conflict: terminated by other getUpdates request; make sure that only one bot "
                  "instance is running");
      return;
    }
  }
  reply_ok(response, pending_);
}

void StubBotApi::send_message(const json& params, httplib::Response& response) {
  if (!params.contains("chat_id") || !params.contains("text")) {
    reply_error(response, 400, "Bad Request: message text is empty");
    return;
  }
  json message = {{"message_id", 0},
                  {"from", {{"id", kBotId}, {"is_bot", true}, {"first_name", "Stub Bot"}}},
                  {"chat", {{"id", params["chat_id"]}}},
                  {"date", 1700000000},
                  {"text", params["text"]}};
  if (params.contains("message_thread_id")) {
    message["message_thread_id"] = params["message_thread_id"];
  }
  {
    const std::lock_guard lock(mutex_);
    message["message_id"] = next_message_id_++;
    sent_.push_back(params);
  }
  changed_.notify_all();
  reply_ok(response, message);
}

}  // namespace tas::reference_agent
