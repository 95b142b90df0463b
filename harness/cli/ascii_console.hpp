#pragma once

#include <memory>
#include <streambuf>

#include <tas/core/console_charset.hpp>

namespace tas::cli {

// While it lives, everything the process writes to std::cout and std::cerr — progress, verdicts,
// errors, help — reaches a console that takes only ASCII as ASCII (tas::to_ascii): the step
// details, messages and reasons the run prints come from everywhere, so the one place they all
// pass is where they are made ASCII. For a UTF-8 console it changes nothing.
class AsciiConsole {
 public:
  explicit AsciiConsole(ConsoleCharset charset);
  ~AsciiConsole();
  AsciiConsole(const AsciiConsole&) = delete;
  AsciiConsole& operator=(const AsciiConsole&) = delete;

 private:
  std::unique_ptr<std::streambuf> out_;
  std::unique_ptr<std::streambuf> err_;
  std::streambuf* original_out_ = nullptr;
  std::streambuf* original_err_ = nullptr;
};

}  // namespace tas::cli
