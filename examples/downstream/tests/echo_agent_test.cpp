// The echo agent under test-as-self: its seven steps, then a conversation with it as a user.
#include <gmock/gmock.h>

#include <tas/fixture/self_test.hpp>

namespace {

class EchoAgent : public tas::fixture::SelfTest {};

TEST_F(EchoAgent, PassesTheSevenSteps) {
  ASSERT_NO_FATAL_FAILURE(RunAllPhases());
  for (const tas::StepId step : {tas::StepId::target_prep, tas::StepId::deploy, tas::StepId::start,
                                 tas::StepId::round_trip, tas::StepId::verify}) {
    EXPECT_EQ(engine().result(step).status, tas::StepStatus::passed) << tas::name_of(step);
  }
}

TEST_F(EchoAgent, EchoesWhatTheUserSaysInTheSameTopic) {
  ASSERT_NO_FATAL_FAILURE(StartAgent());
  ASSERT_NE(user(), nullptr) << "the " << tas::fixture::name_of(tier())
                             << " tier has no user-side driver";
  const tas::ChatAddress chat = user()->designated_chat();
  const tas::ChatMessage sent = user()->send_as_user(chat, "hello, echo");
  tas::ReplySearch search;
  search.chat = chat;
  search.after_message_id = sent.message_id;
  ASSERT_TRUE(WaitFor(tas::for_reply(*user(), search, deployed().clock(), AgentRunning()),
                      std::chrono::seconds(20)))
      << "no reply to 'hello, echo'";
  EXPECT_EQ(search.reply->text, "echo: hello, echo");
  EXPECT_EQ(search.reply->where.topic_id, chat.topic_id);
}

}  // namespace
