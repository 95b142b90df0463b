// The shipped suite: the seven steps (docs/steps.md) end to end, in whatever tier CTest runs it.
#include <tas/fixture/self_test.hpp>

namespace {

class SevenSteps : public tas::fixture::SelfTest {};

TEST_F(SevenSteps, DeploysTalksToVerifiesAndTearsDownTheAgent) {
  ASSERT_NO_FATAL_FAILURE(RunAllPhases());
  for (const tas::StepId step :
       {tas::StepId::target_prep, tas::StepId::deploy, tas::StepId::start, tas::StepId::verify}) {
    EXPECT_EQ(engine().result(step).status, tas::StepStatus::passed) << tas::name_of(step);
  }
}

}  // namespace
