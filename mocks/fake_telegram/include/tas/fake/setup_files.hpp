#pragma once

#include <filesystem>

#include <tas/fake/fake_telegram_server.hpp>

namespace tas::fake {

// Setup files let the fake-telegram executable start with a populated world. Bot tokens are
// secrets, so they come only from a file (or the control API's request body), never from argv or
// the environment where other processes can read them; errors name the file and the entry, never
// the token.

// {"bots": [{"token": "123:abc...", "username": "agent_bot", "first_name": "Agent"}]}, or the bare
// array. Registers every bot.
void load_bots_file(FakeTelegramServer& server, const std::filesystem::path& path);

// {"users": [{"id": 42, "first_name": "Ada"}],
//  "chats": [{"id": -1001, "type": "supergroup", "title": "ops", "is_forum": true,
//             "topics": [7], "bots": ["agent_bot"]}]}
// Creates the users, then the chats (whose "bots" must have been registered already).
void load_chats_file(FakeTelegramServer& server, const std::filesystem::path& path);

}  // namespace tas::fake
