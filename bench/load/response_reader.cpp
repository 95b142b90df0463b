#include "response_reader.hpp"

#include <algorithm>
#include <charconv>

namespace tas::bench {

namespace {

// Far above anything a Bot API server sends; a head or line longer than this is not an answer.
constexpr std::size_t kHeadLimit = 64 * 1024;
constexpr std::size_t kLineLimit = 1024;

bool same_letters(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    return lower(x) == lower(y);
  });
}

std::string_view trimmed(std::string_view text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && blank(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && blank(text.back()))
    text.remove_suffix(1);
  return text;
}

// The last item of a comma-separated header value ("gzip, chunked" -> "chunked").
std::string_view last_item(std::string_view value) {
  const auto comma = value.rfind(',');
  return trimmed(comma == std::string_view::npos ? value : value.substr(comma + 1));
}

bool has_item(std::string_view value, std::string_view item) {
  while (!value.empty()) {
    const auto comma = value.find(',');
    if (same_letters(trimmed(value.substr(0, comma)), item)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

ResponseReader::Step ResponseReader::feed(std::string_view bytes, std::size_t& used) {
  used = 0;
  for (;;) {
    if (used == bytes.size()) return Step::more;
    const std::string_view rest = bytes.substr(used);
    std::size_t took = 0;
    Step step = Step::more;
    bool whole = false;
    switch (part_) {
      case Part::head:
        step = take_head(rest, took);
        break;
      case Part::fixed_body:
      case Part::chunk_data:
        took = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, rest.size()));
        remaining_ -= took;
        if (remaining_ == 0) {
          if (part_ == Part::fixed_body)
            step = Step::done;
          else
            part_ = Part::chunk_end;
        }
        break;
      case Part::body_to_close:
        took = rest.size();
        break;
      case Part::chunk_size:
        step = take_line(rest, took, kLineLimit, whole);
        if (step == Step::more && whole) step = take_chunk_size();
        break;
      case Part::chunk_end:
        // The CRLF that closes a chunk's data, and nothing else.
        step = take_line(rest, took, 2, whole);
        if (step == Step::more && whole) {
          if (line_ != "\r\n") return Step::bad;
          line_.clear();
          part_ = Part::chunk_size;
        }
        break;
      case Part::trailers:
        step = take_line(rest, took, kLineLimit, whole);
        if (step == Step::more && whole) {
          if (line_ == "\r\n") step = Step::done;
          line_.clear();
        }
        break;
    }
    used += took;
    if (step != Step::more) return step;
  }
}

ResponseReader::Step ResponseReader::at_close() {
  return part_ == Part::body_to_close ? Step::done : Step::bad;
}

void ResponseReader::restart() {
  part_ = Part::head;
  line_.clear();
  remaining_ = 0;
  status_ = 0;
  server_closes_ = false;
}

ResponseReader::Step ResponseReader::take_head(std::string_view bytes, std::size_t& used) {
  const std::size_t before = line_.size();
  line_.append(bytes);
  // The blank line may straddle two reads: look again at the last three bytes already held.
  const auto end = line_.find("\r\n\r\n", before >= 3 ? before - 3 : 0);
  if (end == std::string::npos) {
    used = bytes.size();
    return line_.size() > kHeadLimit ? Step::bad : Step::more;
  }
  const std::size_t head_size = end + 4;
  used = head_size - before;
  line_.resize(head_size);
  const Step step = parse_head(line_);
  line_.clear();
  return step;
}

ResponseReader::Step ResponseReader::parse_head(std::string_view head) {
  // "HTTP/1.1 200 OK": the version, then three digits of status.
  constexpr std::string_view kVersion = "HTTP/1.";
  if (head.size() < 12 || head.substr(0, kVersion.size()) != kVersion || head[8] != ' ') {
    return Step::bad;
  }
  const bool http_1_0 = head[7] == '0';
  const auto [status_end, status_error] =
      std::from_chars(head.data() + 9, head.data() + 12, status_);
  if (status_error != std::errc{} || status_end != head.data() + 12 || status_ < 100) {
    return Step::bad;
  }

  bool chunked = false;
  bool other_coding = false;
  bool has_length = false;
  bool keep_alive = false;
  server_closes_ = false;
  std::uint64_t length = 0;
  std::size_t at = head.find("\r\n") + 2;
  for (;;) {
    const auto line_end = head.find("\r\n", at);
    const std::string_view line = head.substr(at, line_end - at);
    at = line_end + 2;
    if (line.empty()) break;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return Step::bad;
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trimmed(line.substr(colon + 1));
    if (same_letters(name, "content-length")) {
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), length);
      if (error != std::errc{} || end != value.data() + value.size()) return Step::bad;
      has_length = true;
    } else if (same_letters(name, "transfer-encoding")) {
      chunked = same_letters(last_item(value), "chunked");
      other_coding = !chunked;
    } else if (same_letters(name, "connection")) {
      server_closes_ = server_closes_ || has_item(value, "close");
      keep_alive = keep_alive || has_item(value, "keep-alive");
    }
  }
  if (http_1_0 && !keep_alive) server_closes_ = true;

  // Where the body ends: none after an interim 1xx, a 204 or a 304; chunked coding wins over
  // Content-Length; without either, the body runs until the server closes.
  if (status_ < 200) {
    restart();  // an interim answer: the real one follows
    return Step::more;
  }
  if (status_ == 204 || status_ == 304) return Step::done;
  if (chunked) {
    part_ = Part::chunk_size;
    return Step::more;
  }
  if (has_length && !other_coding) {
    if (length == 0) return Step::done;
    part_ = Part::fixed_body;
    remaining_ = length;
    return Step::more;
  }
  part_ = Part::body_to_close;
  server_closes_ = true;
  return Step::more;
}

ResponseReader::Step ResponseReader::take_line(std::string_view bytes, std::size_t& used,
                                               std::size_t limit, bool& whole) {
  const auto newline = bytes.find('\n');
  whole = newline != std::string_view::npos;
  used = whole ? newline + 1 : bytes.size();
  line_.append(bytes.substr(0, used));
  return line_.size() > limit ? Step::bad : Step::more;
}

ResponseReader::Step ResponseReader::take_chunk_size() {
  // "1a\r\n" or "1a;name=value\r\n": hex digits, then perhaps an extension, which means nothing
  // here.
  const std::string_view line = line_;
  if (line.size() < 3 || line.substr(line.size() - 2) != "\r\n") return Step::bad;
  std::uint64_t size = 0;
  const auto [end, error] = std::from_chars(line.data(), line.data() + line.size() - 2, size, 16);
  if (error != std::errc{} || (*end != '\r' && *end != ';' && *end != ' ' && *end != '\t')) {
    return Step::bad;
  }
  line_.clear();
  if (size == 0) {
    part_ = Part::trailers;
  } else {
    part_ = Part::chunk_data;
    remaining_ = size;
  }
  return Step::more;
}

}  // namespace tas::bench
