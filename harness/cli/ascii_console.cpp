#include "ascii_console.hpp"

#include <algorithm>
#include <iostream>
#include <string>

#include <tas/core/ascii_text.hpp>

namespace tas::cli {
namespace {

// Passes what is written on to `target` as ASCII. A multi-byte character may arrive split
// across two writes (a stream writes a string, then a character), so the start of an unfinished
// one waits for its rest.
class AsciiStreambuf final : public std::streambuf {
 public:
  explicit AsciiStreambuf(std::streambuf* target) : target_(target) {}
  AsciiStreambuf(const AsciiStreambuf&) = delete;
  AsciiStreambuf& operator=(const AsciiStreambuf&) = delete;

  ~AsciiStreambuf() override {
    if (!unfinished_.empty()) target_->sputn("?", 1);  // a character that never ended
    target_->pubsync();
  }

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    const char byte = traits_type::to_char_type(c);
    return put(std::string_view(&byte, 1)) ? c : traits_type::eof();
  }

  std::streamsize xsputn(const char* data, std::streamsize size) override {
    return put(std::string_view(data, static_cast<std::size_t>(size))) ? size : 0;
  }

  int sync() override { return target_->pubsync(); }

 private:
  bool put(std::string_view bytes) {
    const bool plain = unfinished_.empty() && std::all_of(bytes.begin(), bytes.end(), [](char c) {
                         return static_cast<unsigned char>(c) < 0x80;
                       });
    if (plain) return write(bytes);
    std::string text = std::move(unfinished_);
    text.append(bytes);
    const std::size_t keep = unfinished_utf8_tail(text);
    unfinished_ = text.substr(text.size() - keep);
    text.resize(text.size() - keep);
    return write(to_ascii(text));
  }

  bool write(std::string_view text) {
    const auto size = static_cast<std::streamsize>(text.size());
    return target_->sputn(text.data(), size) == size;
  }

  std::streambuf* target_;
  std::string unfinished_;
};

}  // namespace

AsciiConsole::AsciiConsole(ConsoleCharset charset) {
  if (charset == ConsoleCharset::utf8) return;
  out_ = std::make_unique<AsciiStreambuf>(std::cout.rdbuf());
  err_ = std::make_unique<AsciiStreambuf>(std::cerr.rdbuf());
  original_out_ = std::cout.rdbuf(out_.get());
  original_err_ = std::cerr.rdbuf(err_.get());
}

AsciiConsole::~AsciiConsole() {
  if (!out_) return;
  std::cout.flush();
  std::cerr.flush();
  std::cout.rdbuf(original_out_);
  std::cerr.rdbuf(original_err_);
}

}  // namespace tas::cli
