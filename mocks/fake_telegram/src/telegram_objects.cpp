#include <tas/fake/telegram_objects.hpp>

namespace tas::fake {

nlohmann::json to_bot_api_json(const User& user) {
  nlohmann::json json = {{"id", user.id}, {"is_bot", user.is_bot}, {"first_name", user.first_name}};
  if (!user.username.empty()) json["username"] = user.username;
  return json;
}

nlohmann::json to_bot_api_json(const Chat& chat) {
  nlohmann::json json = {{"id", chat.id}, {"type", chat.type}};
  // Telegram names a private chat by the person in it, a group by its title.
  if (chat.type == "private") {
    json["first_name"] = chat.title;
  } else {
    json["title"] = chat.title;
  }
  if (chat.is_forum) json["is_forum"] = true;
  return json;
}

nlohmann::json to_bot_api_json(const MessageEntity& entity) {
  nlohmann::json json = {
      {"type", entity.type}, {"offset", entity.offset}, {"length", entity.length}};
  if (!entity.url.empty()) json["url"] = entity.url;
  if (entity.user) json["user"] = to_bot_api_json(*entity.user);
  if (!entity.language.empty()) json["language"] = entity.language;
  if (!entity.custom_emoji_id.empty()) json["custom_emoji_id"] = entity.custom_emoji_id;
  return json;
}

nlohmann::json to_bot_api_json(const Message& message) {
  nlohmann::json json = {{"message_id", message.message_id},
                         {"from", to_bot_api_json(message.from)},
                         {"chat", to_bot_api_json(message.chat)},
                         {"date", message.date}};
  // A photo, document or service message has no text, and then Telegram leaves the field out.
  if (!message.text.empty()) json["text"] = message.text;
  if (!message.entities.empty()) {
    auto& entities = json["entities"] = nlohmann::json::array();
    for (const auto& entity : message.entities)
      entities.push_back(to_bot_api_json(entity));
  }
  if (message.topic_id) {
    json["message_thread_id"] = *message.topic_id;
    json["is_topic_message"] = true;
  }
  if (message.reply_to) json["reply_to_message"] = to_bot_api_json(*message.reply_to);
  if (message.edit_date) json["edit_date"] = *message.edit_date;
  if (message.reply_markup.is_object() && message.reply_markup.contains("inline_keyboard")) {
    json["reply_markup"] = message.reply_markup;
  }
  if (message.extra_fields.is_object()) json.update(message.extra_fields);
  return json;
}

}  // namespace tas::fake
