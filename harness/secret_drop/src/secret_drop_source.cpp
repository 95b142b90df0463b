#include <algorithm>

#include <fmt/format.h>

#include <tas/core/progress.hpp>
#include <tas/secret_drop/secret_drop_source.hpp>

namespace tas {

SecretDropSource::SecretDropSource(secret_drop::SecretStore store,
                                   secret_drop::FormRequestOptions options)
    : store_(std::move(store)), options_(options) {}

Secret SecretDropSource::retrieve(std::string_view drop_id) {
  const secret_drop::DropSummary drop = store_.describe(drop_id);
  const bool has_value_field = std::find(drop.field_names.begin(), drop.field_names.end(),
                                         secret_drop::kValueField) != drop.field_names.end();
  return store_.get(drop_id, has_value_field ? secret_drop::kValueField : std::string_view());
}

Secret SecretDropSource::request(std::string_view title, const Deadline& deadline,
                                 ProgressSink& progress) {
  const std::string id =
      secret_drop::request_through_form(store_, title, deadline, progress, options_);
  Secret value = store_.get(id, secret_drop::kValueField);
  progress.note(
      fmt::format("Secret Drop: received; it is stored as {} in {}: use --bot-token {} next time",
                  id, store_.directory().string(), id));
  return value;
}

std::string SecretDropSource::describe() const {
  return fmt::format("Secret Drop store at {}", store_.directory().string());
}

}  // namespace tas
