// sendPhoto, sendDocument and getFile: files a bot uploads (multipart) are kept in memory under a
// file_id, can be sent again by that id, and downloaded from /file/bot<token>/<file_path>.

#include <algorithm>

#include "api_error.hpp"
#include "image_size.hpp"
#include "method_table.hpp"
#include "world.hpp"
#include <fmt/format.h>

namespace tas::fake::detail {
namespace {

// "photo" -> "Photo", for Telegram's "can't use file of type Photo as Document".
std::string type_name_of(std::string kind) {
  if (!kind.empty()) kind[0] = static_cast<char>(kind[0] - 'a' + 'A');
  return kind;
}

std::string extension_of(const std::string& file_name) {
  const auto dot = file_name.rfind('.');
  if (dot == std::string::npos || dot + 1 == file_name.size()) return "";
  return file_name.substr(dot);
}

// Telegram's file_ids are opaque strings; these keep its prefixes so they look the part.
std::string file_id_for(const std::string& kind, std::int64_t number) {
  return fmt::format("{}AgADAgADfake{:010}", kind == "photo" ? "AgAC" : "BQAC", number);
}

}  // namespace

nlohmann::json World::send_file(std::string_view token, const SendFileArgs& args) {
  Message message;
  {
    std::lock_guard lock(mutex_);
    const auto bot = bot_by_token(token);
    admit_call(*bot);
    auto& chat = chat_for_bot(*bot, args.placement.chat_id);
    const auto [topic_id, reply_to] = resolve_placement(chat, args.placement);

    const StoredFile* file = nullptr;
    if (args.upload) {
      const auto number = next_file_number_++;
      StoredFile stored{.file_id = file_id_for(args.kind, number),
                        .file_unique_id = fmt::format("AQADfake{:08}", number),
                        .kind = args.kind,
                        .upload = *args.upload};
      const auto size = static_cast<std::int64_t>(args.upload->bytes.size());
      if (args.kind == "photo") {
        const auto pixels = image_size(args.upload->bytes);
        if (!pixels) throw ApiError(400, description::kImageProcessFailed);
        const auto extension = args.upload->bytes.starts_with("\x89PNG") ? ".png" : ".jpg";
        stored.file_path = fmt::format("photos/file_{}{}", number, extension);
        // Telegram sends several sizes; the fake keeps the one it was given.
        stored.wire = nlohmann::json::array({{{"file_id", stored.file_id},
                                              {"file_unique_id", stored.file_unique_id},
                                              {"file_size", size},
                                              {"width", pixels->width},
                                              {"height", pixels->height}}});
      } else {
        stored.file_path =
            fmt::format("documents/file_{}{}", number, extension_of(args.upload->file_name));
        stored.wire = {{"file_name", args.upload->file_name},
                       {"file_id", stored.file_id},
                       {"file_unique_id", stored.file_unique_id},
                       {"file_size", size}};
        if (!args.upload->content_type.empty()) {
          stored.wire["mime_type"] = args.upload->content_type;
        }
      }
      file = &files_.emplace(stored.file_id, std::move(stored)).first->second;
    } else {
      if (args.file_id.empty()) {
        throw ApiError(400, fmt::format("Bad Request: There is no {} in the request", args.kind));
      }
      const auto found = files_.find(args.file_id);
      // The fake fetches nothing from the network, so a URL is an identifier it does not know.
      if (found == files_.end()) throw ApiError(400, description::kWrongFileIdentifier);
      if (found->second.kind != args.kind) {
        throw ApiError(400, fmt::format("Bad Request: can't use file of type {} as {}",
                                        type_name_of(found->second.kind), type_name_of(args.kind)));
      }
      file = &found->second;
    }

    Message draft{
        .from = bot->identity, .topic_id = topic_id, .reply_markup = args.placement.reply_markup};
    draft.extra_fields[args.kind] = file->wire;
    set_caption(draft.extra_fields,
                format_caption(args.caption.text, args.caption.parse_mode, args.caption.entities));
    message = post(chat, std::move(draft), reply_to);
  }
  changed_.notify_all();
  return to_bot_api_json(message);
}

nlohmann::json World::get_file(std::string_view token, const std::string& file_id) {
  std::lock_guard lock(mutex_);
  admit_call(*bot_by_token(token));
  const auto found = files_.find(file_id);
  if (found == files_.end()) throw ApiError(400, description::kInvalidFileId);
  const auto& file = found->second;
  return {{"file_id", file.file_id},
          {"file_unique_id", file.file_unique_id},
          {"file_size", file.upload.bytes.size()},
          {"file_path", file.file_path}};
}

std::optional<UploadedFile> World::download(std::string_view token,
                                            const std::string& file_path) const {
  std::lock_guard lock(mutex_);
  const bool known_token =
      std::any_of(bots_.begin(), bots_.end(), [&](const auto& bot) { return bot->token == token; });
  if (!known_token) return std::nullopt;
  for (const auto& [id, file] : files_) {
    if (file.file_path == file_path) return file.upload;
  }
  return std::nullopt;
}

void add_file_methods(MethodTable& table) {
  for (const std::string kind : {"photo", "document"}) {
    table.emplace("send" + kind, [kind](World& world, std::string_view token, const Call& call) {
      const auto& params = call.params;
      SendFileArgs args{
          .placement = placement_params(params),
          .kind = kind,
          .caption = marked_up_text_param(params, "caption").value_or(MarkedUpText{})};
      args.upload = params.file(kind);
      if (!args.upload) {
        const auto reference = params.string(kind).value_or("");
        // "attach://<name>": the file is the multipart part of that name.
        if (reference.starts_with("attach://")) {
          args.upload = params.file(reference.substr(std::string_view("attach://").size()));
        }
        if (!args.upload) args.file_id = reference;
      }
      return MethodResult{world.send_file(token, args), {}};
    });
  }
  table.emplace("getfile", [](World& world, std::string_view token, const Call& call) {
    const auto file_id = call.params.string("file_id").value_or("");
    if (file_id.empty()) throw ApiError(400, "Bad Request: file_id not specified");
    return MethodResult{world.get_file(token, file_id), {}};
  });
}

}  // namespace tas::fake::detail
