// Which charset the console takes, from the locale variables, and UTF-8 text made ASCII for one
// that takes only ASCII.
#include <gtest/gtest.h>

#include <tas/core/ascii_text.hpp>
#include <tas/core/console_charset.hpp>

namespace tas {
namespace {

TEST(ConsoleCharset, TheFirstLocaleVariableThatIsSetDecides) {
  EXPECT_EQ(console_charset_of("C", "C.UTF-8", "C.UTF-8"), ConsoleCharset::ascii);
  EXPECT_EQ(console_charset_of("C.UTF-8", "C", "C"), ConsoleCharset::utf8);
  EXPECT_EQ(console_charset_of(nullptr, "POSIX", "en_US.UTF-8"), ConsoleCharset::ascii);
  EXPECT_EQ(console_charset_of("", "", "en_US.UTF-8"), ConsoleCharset::utf8);
  EXPECT_EQ(console_charset_of(nullptr, nullptr, nullptr), ConsoleCharset::ascii);
}

TEST(ConsoleCharset, TheCodesetIsReadInEverySpelling) {
  for (const char* utf8 : {"C.UTF-8", "C.utf8", "en_US.UTF8", "de_DE.utf-8@euro"}) {
    EXPECT_EQ(console_charset_of(utf8, nullptr, nullptr), ConsoleCharset::utf8) << utf8;
  }
  for (const char* other : {"C", "POSIX", "en_US", "en_US.ISO-8859-1", "de_DE@euro", "C.UTF-16"}) {
    EXPECT_EQ(console_charset_of(other, nullptr, nullptr), ConsoleCharset::ascii) << other;
  }
}

TEST(AsciiText, TheHarnesssOwnSymbolsGetTheirAsciiSpellings) {
  EXPECT_EQ(to_ascii("→ ✓ ✗ – · … — “a” ‘b’"), "-> + X - . ... -- \"a\" 'b'");
  EXPECT_EQ(to_ascii("sha256 0a1b…"), "sha256 0a1b...");
}

TEST(AsciiText, AsciiPassesAndAnythingElseIsAQuestionMark) {
  EXPECT_EQ(to_ascii("plain text\n\t{}"), "plain text\n\t{}");
  EXPECT_EQ(to_ascii("Grüße 🎉"), "Gr??e ?");
  // Not UTF-8: a lone continuation byte, an unfinished sequence, an overlong encoding.
  EXPECT_EQ(to_ascii("a\x80z"), "a?z");
  EXPECT_EQ(to_ascii("a\xE2\x80z"), "a??z");
  EXPECT_EQ(to_ascii("\xC0\xAF"), "??");
}

TEST(AsciiText, AnUnfinishedSequenceAtTheEndIsFound) {
  EXPECT_EQ(unfinished_utf8_tail("abc"), 0u);
  EXPECT_EQ(unfinished_utf8_tail("ab\xE2"), 1u);
  EXPECT_EQ(unfinished_utf8_tail("ab\xE2\x80"), 2u);
  EXPECT_EQ(unfinished_utf8_tail("ab\xE2\x80\xA6"), 0u);  // "…", whole
  EXPECT_EQ(unfinished_utf8_tail("\xF0\x9F\x8E"), 3u);
  EXPECT_EQ(unfinished_utf8_tail(""), 0u);
}

}  // namespace
}  // namespace tas
