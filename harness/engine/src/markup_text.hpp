#pragma once

#include <string>
#include <string_view>

namespace tas {

// `text` as the content of an HTML or XML element or a quoted attribute value: &, <, >, " and '
// as entities, so nothing a step or an agent's log wrote can open a tag (a "<script>" in a log
// line is shown, never run). Control characters other than tab, newline and carriage return —
// which XML 1.0 cannot hold even as references, and which a log's colour codes are made of —
// become a visible "\xNN", so the file stays well-formed and the text readable.
[[nodiscard]] std::string markup_text(std::string_view text);

}  // namespace tas
