// The named conditions a run waits for: what each looks at, what it says while waiting, and that
// each ends the wait at once when its target has died.
#include <gmock/gmock.h>

#include <tas/backends/conditions.hpp>
#include <tas/mocks/fake_clock.hpp>
#include <tas/mocks/fake_processes.hpp>
#include <tas/mocks/mock_backends.hpp>
#include <tas/mocks/recording_progress.hpp>

namespace tas {
namespace {

using namespace std::chrono_literals;
using ::testing::_;
using ::testing::HasSubstr;
using ::testing::NiceMock;
using ::testing::Return;

class ConditionsTest : public ::testing::Test {
 protected:
  ConditionsTest() {
    server_state_->pid = 77;
    server_state_->spec.role = "server";
  }

  // A process of the run, "running" until the test makes it die.
  Condition server_running() { return while_running(server_); }

  mocks::FakeClock clock_;
  mocks::RecordingProgress progress_;
  Waiter waiter_{clock_, progress_};
  NiceMock<mocks::MockReadinessProbe> probe_;
  std::shared_ptr<mocks::FakeProcessState> server_state_ =
      std::make_shared<mocks::FakeProcessState>();
  mocks::FakeProcess server_{server_state_};
};

TEST_F(ConditionsTest, HealthIsReadyOn200AndKeepsTheLastReading) {
  EXPECT_CALL(probe_, health("http://127.0.0.1:9/health"))
      .WillOnce(Return(HealthReading{0, "connection refused"}))
      .WillOnce(Return(HealthReading{503, ""}))
      .WillOnce(Return(HealthReading{200, ""}));
  HealthReading last;
  const NamedCondition healthy =
      for_health(probe_, "http://127.0.0.1:9/health", server_running(), &last);
  EXPECT_EQ(healthy.what, "health 200 at http://127.0.0.1:9/health");
  EXPECT_EQ(healthy.check().why, "connection refused");
  EXPECT_EQ(healthy.check().why, "HTTP 503");
  EXPECT_EQ(healthy.check().state, Probe::State::ready);
  EXPECT_EQ(last.status, 200);
}

TEST_F(ConditionsTest, HealthFailsAtOnceWhenItsTargetDiedWithoutAskingAgain) {
  EXPECT_CALL(probe_, health(_)).Times(0);
  server_state_->die(mocks::exited_with(3));
  const WaitOutcome outcome =
      waiter_.wait(for_health(probe_, "http://127.0.0.1:9/health", server_running()),
                   Deadline::after(clock_, 30s));
  EXPECT_EQ(outcome.end, WaitOutcome::End::fatal);
  EXPECT_THAT(outcome.why, HasSubstr("server (pid 77)"));
  EXPECT_EQ(outcome.waited, 0ms) << "a dead target must not be waited on";
}

TEST_F(ConditionsTest, LeaseIsReadyWhenOwnedAndSaysWhyNotOtherwise) {
  lease::Verdict stale;
  stale.decision = lease::Decision::stale;
  lease::Verdict owned;
  owned.decision = lease::Decision::owned;
  owned.lease = lease::Lease{};
  owned.lease->pid = 4242;
  EXPECT_CALL(probe_, lease(std::filesystem::path("/h/state"), "abc"))
      .WillOnce(Return(stale))
      .WillOnce(Return(owned));
  lease::Verdict last;
  const NamedCondition leased = for_lease(probe_, "/h/state", "abc", server_running(), &last);
  EXPECT_THAT(leased.what, HasSubstr("the lease at /h/state"));
  const Probe first = leased.check();
  EXPECT_EQ(first.state, Probe::State::not_yet);
  EXPECT_THAT(first.why, HasSubstr(std::string(lease::to_string(lease::Decision::stale))));
  EXPECT_EQ(leased.check().why, "owned by pid 4242");
  EXPECT_TRUE(last.owned());
}

TEST_F(ConditionsTest, LogLineIsReadyWhenAnyOfTheLogsHasIt) {
  EXPECT_CALL(probe_, log_has_line(std::filesystem::path("out.log"), "demoted"))
      .WillRepeatedly(Return(false));
  EXPECT_CALL(probe_, log_has_line(std::filesystem::path("err.log"), "demoted"))
      .WillOnce(Return(false))
      .WillOnce(Return(true));
  const NamedCondition line =
      for_log_line(probe_, {"out.log", "err.log"}, "demoted", always_there());
  EXPECT_EQ(line.check().why, "no line containing 'demoted' yet");
  EXPECT_EQ(line.check().state, Probe::State::ready);
}

TEST_F(ConditionsTest, ExitIsReadyOnceTheProcessEnded) {
  const NamedCondition ended = for_exit(server_);
  EXPECT_EQ(ended.what, "server (pid 77) to finish");
  EXPECT_EQ(ended.check().state, Probe::State::not_yet);
  server_state_->die(mocks::exited_with(0));
  EXPECT_EQ(ended.check().state, Probe::State::ready);
}

class ReplyTest : public ConditionsTest {
 protected:
  ReplyTest() {
    search_.chat = ChatAddress{-100, 7};
    search_.after_message_id = 10;
    search_.bot_id = 5;
  }
  static ChatMessage message(std::int64_t id, std::int64_t from, std::string text,
                             std::optional<std::int64_t> topic = 7) {
    ChatMessage out;
    out.message_id = id;
    out.from_id = from;
    out.from_bot = true;
    out.where = ChatAddress{-100, topic};
    out.text = std::move(text);
    return out;
  }

  NiceMock<mocks::MockUserDriver> user_;
  ReplySearch search_;
};

TEST_F(ReplyTest, TakesTheJudgedReplyPassesOverOthersAndSkipsOtherBots) {
  EXPECT_CALL(user_, bot_messages_after(-100, 10, _))
      .WillOnce(Return(
          std::vector<ChatMessage>{message(11, 6, "other bot, nonce"), message(12, 5, "typing…")}));
  EXPECT_CALL(user_, bot_messages_after(-100, 12, _))
      .WillOnce(Return(std::vector<ChatMessage>{message(13, 5, "nonce")}));
  search_.judge = [](const ChatMessage& m) {
    return m.text == "nonce" ? Probe::ready() : Probe::not_yet("no nonce");
  };
  const NamedCondition reply = for_reply(user_, search_, clock_, server_running());
  EXPECT_TRUE(reply.blocks);
  const WaitOutcome outcome = waiter_.wait(reply, Deadline::after(clock_, 20s));
  ASSERT_TRUE(outcome.ready()) << outcome.why;
  ASSERT_TRUE(search_.reply);
  EXPECT_EQ(search_.reply->message_id, 13);
  ASSERT_EQ(search_.passed_over.size(), 1u);
  EXPECT_EQ(search_.passed_over[0].message_id, 12);
}

TEST_F(ReplyTest, AFatalJudgementEndsTheWait) {
  EXPECT_CALL(user_, bot_messages_after(_, _, _))
      .WillOnce(Return(std::vector<ChatMessage>{message(11, 5, "nonce", std::nullopt)}));
  search_.judge = [](const ChatMessage&) { return Probe::fatal("the wrong topic"); };
  const WaitOutcome outcome = waiter_.wait(for_reply(user_, search_, clock_, server_running()),
                                           Deadline::after(clock_, 20s));
  EXPECT_EQ(outcome.end, WaitOutcome::End::fatal);
  EXPECT_EQ(outcome.why, "the wrong topic");
  EXPECT_FALSE(search_.reply);
}

TEST_F(ReplyTest, ADeadAgentEndsTheWaitBeforeAnyLook) {
  EXPECT_CALL(user_, bot_messages_after(_, _, _)).Times(0);
  server_state_->die(mocks::killed_by(SIGSEGV));
  const WaitOutcome outcome = waiter_.wait(for_reply(user_, search_, clock_, server_running()),
                                           Deadline::after(clock_, 20s));
  EXPECT_EQ(outcome.end, WaitOutcome::End::fatal);
  EXPECT_THAT(outcome.why, HasSubstr("SIGSEGV"));
}

TEST_F(ReplyTest, EachLookBlocksAtMostASliceAndTheWaitEndsAtItsDeadline) {
  std::vector<std::chrono::milliseconds> slices;
  EXPECT_CALL(user_, bot_messages_after(_, _, _))
      .WillRepeatedly([&](std::int64_t, std::int64_t, const Deadline& slice) {
        slices.push_back(slice.remaining());
        clock_.advance(slice.remaining());  // blocked for the whole slice: nothing came
        return std::vector<ChatMessage>{};
      });
  search_.slice = 400ms;
  const WaitOutcome outcome =
      waiter_.wait(for_reply(user_, search_, clock_, always_there()), Deadline::after(clock_, 2s));
  EXPECT_EQ(outcome.end, WaitOutcome::End::timed_out);
  EXPECT_EQ(outcome.why, "no reply yet");
  ASSERT_EQ(slices.size(), 5u);
  for (const auto slice : slices)
    EXPECT_EQ(slice, 400ms);
  EXPECT_EQ(clock_.slept(), 0ms) << "a blocking look needs no pause between looks";
}

}  // namespace
}  // namespace tas
