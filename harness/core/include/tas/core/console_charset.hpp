#pragma once

namespace tas {

// What the terminal the harness writes to can show. A console under the C or POSIX locale (a
// minimal container, a cron job, `LC_ALL=C`) may take only ASCII: there a UTF-8 mark prints as
// mojibake or is refused by whatever reads the output.
enum class ConsoleCharset { utf8, ascii };

// The charset the locale variables name, as the C library picks the one that counts: the first of
// LC_ALL, LC_CTYPE and LANG that is set and not empty. Its codeset "UTF-8" (any case, also spelt
// "utf8", as in "C.UTF-8" or "en_US.utf8@euro") means UTF-8; anything else, or none set at all,
// means ASCII. Null stands for an unset variable.
[[nodiscard]] ConsoleCharset console_charset_of(const char* lc_all, const char* lc_ctype,
                                                const char* lang);

// The same, for this process's environment.
[[nodiscard]] ConsoleCharset console_charset();

}  // namespace tas
