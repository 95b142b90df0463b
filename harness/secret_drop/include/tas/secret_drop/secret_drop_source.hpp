#pragma once

#include <string>
#include <string_view>

#include <tas/backends/secret_source.hpp>
#include <tas/secret_drop/form_request.hpp>
#include <tas/secret_drop/secret_store.hpp>

namespace tas {

// Step 1's token from the local Secret Drop store
// (docs/secret-drop.md, 'The two SecretSource backends').
//
// retrieve(id) reads drop `id`: its "value" field, or its only field. request(title, …) opens a
// one-time web form on 127.0.0.1 (secret_drop::request_through_form), shows its URL, waits for
// the operator to submit it, stores the value under the link's ID and says so ("use --bot-token
// <id> next time"), and returns it. Errors are BackendErrors (SecretStoreError is one) that never
// contain the value.
class SecretDropSource final : public SecretSource {
 public:
  explicit SecretDropSource(secret_drop::SecretStore store,
                            secret_drop::FormRequestOptions options = {});

  Secret retrieve(std::string_view drop_id) override;
  Secret request(std::string_view title, const Deadline& deadline, ProgressSink& progress) override;
  // "Secret Drop store at <dir>"
  [[nodiscard]] std::string describe() const override;

  [[nodiscard]] const secret_drop::SecretStore& store() const { return store_; }

 private:
  secret_drop::SecretStore store_;
  secret_drop::FormRequestOptions options_;
};

}  // namespace tas
