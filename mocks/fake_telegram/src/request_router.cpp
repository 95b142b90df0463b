#include "request_router.hpp"

#include <string>
#include <string_view>

#include "api_error.hpp"
#include "bot_api_routes.hpp"
#include "envelope.hpp"
#include "file_routes.hpp"

#include <tas/http_server/form_data.hpp>

namespace tas::fake::detail {
namespace {

struct TokenAndRest {
  std::string_view token;
  std::string_view rest;
};

// "<token>/<rest>" after `prefix`; nullopt when `path` is not shaped so.
std::optional<TokenAndRest> token_and_rest(std::string_view path, std::string_view prefix) {
  if (!path.starts_with(prefix)) return std::nullopt;
  path.remove_prefix(prefix.size());
  const auto slash = path.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  return TokenAndRest{path.substr(0, slash), path.substr(slash + 1)};
}

}  // namespace

RequestRouter::RequestRouter(World& world, RunBlocking run_blocking,
                             std::function<void()> on_stop_requested)
    : world_(world),
      run_blocking_(std::move(run_blocking)),
      control_(world, std::move(on_stop_requested)) {}

void RequestRouter::route(const std::shared_ptr<http_server::PendingResponse>& pending) const {
  const auto& request = pending->request();
  // A client may escape the token's ':' (%3A); Telegram reads the path decoded.
  const auto path = http_server::percent_decode(request.path, false).value_or(request.path);
  if (path.starts_with("/_control/")) {
    run_blocking_([this, pending] { pending->respond(control_.answer(pending->request())); });
    return;
  }
  const bool get = request.method == "GET";
  if (get || request.method == "POST") {
    if (const auto call = token_and_rest(path, "/bot");
        call && call->rest.find('/') == std::string_view::npos) {
      serve_bot_call(world_, pending, call->token, call->rest);
      return;
    }
    if (const auto file = token_and_rest(path, "/file/bot"); get && file && !file->rest.empty()) {
      pending->respond(serve_file(world_, file->token, file->rest));
      return;
    }
  }
  pending->respond(error_response(ApiError(404, description::kNotFound)));
}

}  // namespace tas::fake::detail
