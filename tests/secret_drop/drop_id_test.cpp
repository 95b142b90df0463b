#include <set>
#include <string>

#include <gtest/gtest.h>

#include <tas/core/secret_shapes.hpp>
#include <tas/secret_drop/drop_id.hpp>

namespace tas::secret_drop {
namespace {

TEST(DropId, IsDropPrefixAnd32LowercaseHexDigitsThatIs128Bits) {
  const std::string id = new_drop_id();
  ASSERT_EQ(id.size(), 5u + 32u);
  EXPECT_TRUE(id.starts_with("drop-"));
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef", 5), std::string::npos) << id;
  EXPECT_TRUE(is_drop_id(id));
  EXPECT_EQ(kDropIdRandomBytes * 8, 128u);
}

TEST(DropId, FreshIdsDifferAndUseEveryHexDigit) {
  std::set<std::string> ids;
  std::set<char> digits;
  for (int i = 0; i < 2000; ++i) {
    const std::string id = new_drop_id();
    ids.insert(id);
    digits.insert(id.begin() + 5, id.end());
  }
  EXPECT_EQ(ids.size(), 2000u);
  EXPECT_EQ(digits.size(), 16u);
}

TEST(DropId, NeverHasARawSecretShape) {
  for (int i = 0; i < 500; ++i) {
    const std::string id = new_drop_id();
    EXPECT_FALSE(whole_value_secret_kind(id).has_value()) << id;
    EXPECT_FALSE(find_secret_shape(id).has_value()) << id;
  }
}

TEST(DropId, ValidationRefusesEverythingElse) {
  const std::string good = "drop-0123456789abcdef0123456789abcdef";
  EXPECT_TRUE(is_drop_id(good));
  for (const std::string& bad : {
           std::string(),
           std::string("drop-"),
           good.substr(0, good.size() - 1),
           good + "0",
           std::string("drop-0123456789ABCDEF0123456789abcdef"),
           std::string("DROP-0123456789abcdef0123456789abcdef"),
           std::string("drop-0123456789abcdef0123456789abcdeg"),
           std::string("drop-../../../../../../etc/passwd0000"),
           std::string("drop-0123456789abcdef0123456789abc/ef"),
           std::string("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"),
       }) {
    EXPECT_FALSE(is_drop_id(bad)) << bad;
  }
}

TEST(DropId, RandomHexHasTwoDigitsPerByte) {
  EXPECT_EQ(random_hex(16).size(), 32u);
  EXPECT_EQ(random_hex(0), "");
  EXPECT_NE(random_hex(16), random_hex(16));
}

}  // namespace
}  // namespace tas::secret_drop
