// A tier test written the way a user adds one (README, "Adding a tier test"): derive from the
// fixture, deploy with StartAgent(), then talk to the agent through the tier's backends.
#include <gmock/gmock.h>

#include <tas/fixture/self_test.hpp>

namespace {

class AgentConversation : public tas::fixture::SelfTest {};

TEST_F(AgentConversation, StaysHealthyOnceStarted) {
  ASSERT_NO_FATAL_FAILURE(StartAgent());
  EXPECT_EQ(backends().probe->health(AgentUrl("/health")).status, 200);
}

TEST_F(AgentConversation, AnswersEachMessageInItsOwnTopic) {
  ASSERT_NO_FATAL_FAILURE(StartAgent());
  if (user() == nullptr)
    GTEST_SKIP() << "nothing in the " << tas::fixture::name_of(tier()) << " tier can act as a user";
  const tas::ChatAddress chat = user()->designated_chat();
  for (const std::string text : {"first question", "second question"}) {
    const tas::ChatMessage sent = user()->send_as_user(chat, text);
    tas::ReplySearch search;
    search.chat = chat;
    search.after_message_id = sent.message_id;
    ASSERT_TRUE(WaitFor(tas::for_reply(*user(), search, deployed().clock(), AgentRunning()),
                        std::chrono::seconds(20)))
        << "no reply to '" << text << "'";
    EXPECT_THAT(search.reply->text, ::testing::HasSubstr(text));
    EXPECT_EQ(search.reply->where.topic_id, chat.topic_id);
  }
}

}  // namespace
