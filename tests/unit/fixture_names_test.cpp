// The fixture library's namespace must not hide GoogleTest's. It used to be tas::testing, and then
// every `testing::NiceMock` written inside namespace tas — the mocks' own headers among them —
// found tas::testing first and did not compile once a fixture header came before them. This file
// is that include order (the fixture's headers sort before the mocks'), so it compiling is the
// test; the assertions keep the names in use.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <tas/fixture/self_test.hpp>
#include <tas/fixture/tier.hpp>
#include <tas/mocks/mock_world.hpp>

namespace tas {
namespace {

// Unqualified `testing::` inside namespace tas, as the mocks write it.
class FixtureNames : public testing::Test {};

TEST_F(FixtureNames, LeaveGoogleTestsTestingNamespaceVisibleInsideTas) {
  testing::NiceMock<mocks::MockBotApi> bot_api;
  EXPECT_CALL(bot_api, get_me(testing::_, testing::_)).Times(0);
  EXPECT_THAT(std::string(fixture::name_of(fixture::Tier::integration)),
              testing::HasSubstr("integration"));
}

TEST_F(FixtureNames, LeaveGoogleTestsNamesReachableFullyQualified) {
  mocks::MockWorld world;
  EXPECT_THAT(fixture::tier_named("live"), ::testing::Optional(fixture::Tier::live));
  EXPECT_CALL(*world.bot_api, get_me(::testing::_, ::testing::_)).Times(0);
}

}  // namespace
}  // namespace tas
