// A request's parameters decoded from a query string, a url-encoded body and multipart/form-data
// bodies written byte for byte as real clients send them.
#include <initializer_list>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <tas/http_server/form_data.hpp>

namespace tas::http_server {

// Readable failures: the fields and parts as text, not as bytes.
void PrintTo(const FormField& field, std::ostream* out) {
  *out << '{' << testing::PrintToString(field.name) << ", " << testing::PrintToString(field.value)
       << '}';
}

void PrintTo(const MultipartPart& part, std::ostream* out) {
  *out << "{name " << testing::PrintToString(part.name) << ", file_name "
       << testing::PrintToString(part.file_name) << ", content_type "
       << testing::PrintToString(part.content_type) << ", body "
       << testing::PrintToString(part.body) << '}';
}

namespace {

using Parts = std::vector<MultipartPart>;
using Fields = std::vector<FormField>;

MultipartPart field(std::string name, std::string value) {
  return {std::move(name), std::nullopt, "", std::move(value)};
}

MultipartPart file(std::string name, std::string file_name, std::string content_type,
                   std::string body) {
  return {std::move(name), std::move(file_name), std::move(content_type), std::move(body)};
}

// The parts of a body that must parse.
Parts parts_of(std::string_view boundary, std::string_view body) {
  MultipartParse parsed = parse_multipart(boundary, body);
  EXPECT_EQ(parsed.error, "");
  return parsed.parts;
}

// The error of a body that must not parse.
std::string error_of(std::string_view boundary, std::string_view body) {
  const MultipartParse parsed = parse_multipart(boundary, body);
  EXPECT_TRUE(parsed.parts.empty()) << "a refused body still gave parts";
  return parsed.error;
}

// A body (boundary "b") whose parts have these Content-Disposition values and no other header;
// the first part's body is "1", the second's "2", and so on.
std::string with_dispositions(std::initializer_list<std::string_view> dispositions) {
  std::string body;
  int number = 0;
  for (const std::string_view disposition : dispositions) {
    body += "--b\r\nContent-Disposition: ";
    body += disposition;
    body += "\r\n\r\n" + std::to_string(++number) + "\r\n";
  }
  return body + "--b--\r\n";
}

// --- percent_decode ---

TEST(PercentDecode, DecodesEscapesInEitherCase) {
  EXPECT_EQ(percent_decode("a%2Fb%2fc%41", false), "a/b/cA");
}

TEST(PercentDecode, PlusIsABlankOnlyWhenAsked) {
  EXPECT_EQ(percent_decode("a+b%2B", true), "a b+");
  EXPECT_EQ(percent_decode("a+b%2B", false), "a+b+");
}

TEST(PercentDecode, DecodesAnyByte) {
  EXPECT_EQ(percent_decode("%00%0D%0A%80%ff", false), std::string("\0\r\n\x80\xff", 5));
}

TEST(PercentDecode, RefusesMalformedEscapes) {
  for (const char* text : {"%4", "%zz", "%", "a%g1", "%%41", "ok%2", "%4x"}) {
    EXPECT_EQ(percent_decode(text, true), std::nullopt) << text;
  }
}

TEST(PercentDecode, LeavesTextWithoutEscapesAlone) {
  EXPECT_EQ(percent_decode("", true), "");
  EXPECT_EQ(percent_decode("chat_id", true), "chat_id");
}

// --- parse_url_encoded ---

TEST(UrlEncoded, KeepsOrderAndRepeats) {
  EXPECT_EQ(parse_url_encoded("chat_id=42&text=hello+world%21&chat_id=7"),
            (Fields{{"chat_id", "42"}, {"text", "hello world!"}, {"chat_id", "7"}}));
}

TEST(UrlEncoded, SkipsEmptyPiecesAndTakesAPieceWithoutEqualsAsAnEmptyValue) {
  EXPECT_EQ(parse_url_encoded("&a=1&&flag&=x&"), (Fields{{"a", "1"}, {"flag", ""}, {"", "x"}}));
}

TEST(UrlEncoded, SplitsNameAndValueOnTheFirstEquals) {
  EXPECT_EQ(parse_url_encoded("a=b=c&d="), (Fields{{"a", "b=c"}, {"d", ""}}));
}

TEST(UrlEncoded, EscapedSeparatorsAreData) {
  EXPECT_EQ(parse_url_encoded("a%26b=c%3Dd%26e"), (Fields{{"a&b", "c=d&e"}}));
}

TEST(UrlEncoded, AnEmptyTextHasNoFields) {
  EXPECT_EQ(parse_url_encoded(""), Fields{});
}

TEST(UrlEncoded, AMalformedEscapeAnywhereRefusesTheWhole) {
  EXPECT_EQ(parse_url_encoded("a=1&b=%zz"), std::nullopt);
  EXPECT_EQ(parse_url_encoded("a%4=1"), std::nullopt);
  EXPECT_EQ(parse_url_encoded("a=1&b=2%"), std::nullopt);
}

// --- multipart_boundary ---

TEST(MultipartBoundary, ReadsABareBoundary) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=----------a1b2c3"),
            "----------a1b2c3");
}

TEST(MultipartBoundary, ReadsAQuotedBoundaryAmongOtherParameters) {
  EXPECT_EQ(multipart_boundary(R"(multipart/form-data; charset=utf-8; boundary="a b;c=d"; x=y)"),
            "a b;c=d");
}

TEST(MultipartBoundary, NamesAndMediaTypeInAnyCaseAndSpacing) {
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data ;BOUNDARY = xyz ;charset=utf-8"), "xyz");
}

TEST(MultipartBoundary, NotFormDataOrNoBoundaryIsNone) {
  EXPECT_EQ(multipart_boundary("multipart/mixed; boundary=x"), std::nullopt);
  EXPECT_EQ(multipart_boundary("application/x-www-form-urlencoded"), std::nullopt);
  EXPECT_EQ(multipart_boundary("multipart/form-data"), std::nullopt);
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary="), std::nullopt);
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"\""), std::nullopt);
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"never closed"), std::nullopt);
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundaryx=y"), std::nullopt);
}

// --- parse_multipart: bodies as clients send them ---

// python-requests (urllib3): quoted name and filename, CRLF, the file's guessed type, a CRLF
// after the close delimiter.
TEST(Multipart, PythonRequestsBody) {
  const std::string boundary = "3f1b2c9d8e7a6b5c4d3e2f1a0b9c8d7e";
  const std::string body =
      "--3f1b2c9d8e7a6b5c4d3e2f1a0b9c8d7e\r\n"
      "Content-Disposition: form-data; name=\"chat_id\"\r\n"
      "\r\n"
      "42\r\n"
      "--3f1b2c9d8e7a6b5c4d3e2f1a0b9c8d7e\r\n"
      "Content-Disposition: form-data; name=\"photo\"; filename=\"cat.png\"\r\n"
      "Content-Type: image/png\r\n"
      "\r\n"
      "\x89PNG\r\n\x1a\n\r\n"
      "--3f1b2c9d8e7a6b5c4d3e2f1a0b9c8d7e--\r\n";
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=" + boundary), boundary);
  EXPECT_EQ(
      parts_of(boundary, body),
      (Parts{field("chat_id", "42"), file("photo", "cat.png", "image/png", "\x89PNG\r\n\x1a\n")}));
}

// grammY: lower-case header names with no blank after ':', no blanks around ';', an unquoted
// filename, no Content-Type, and nothing after the close delimiter.
TEST(Multipart, GrammyBodyWithAnUnquotedFileName) {
  const std::string boundary = "----------k2j4h5g6f7d8s9a0q1w2e3r4t5y6u7i8";
  const std::string body =
      "------------k2j4h5g6f7d8s9a0q1w2e3r4t5y6u7i8\r\n"
      "content-disposition:form-data;name=\"chat_id\"\r\n"
      "\r\n"
      "42"
      "\r\n------------k2j4h5g6f7d8s9a0q1w2e3r4t5y6u7i8\r\n"
      "content-disposition:form-data;name=\"photo\"\r\n"
      "\r\n"
      "attach://x7c2m9q4v1b8n3k6"
      "\r\n------------k2j4h5g6f7d8s9a0q1w2e3r4t5y6u7i8\r\n"
      "content-disposition:form-data;name=\"x7c2m9q4v1b8n3k6\";filename=photo.jpg\r\n"
      "\r\n"
      "\xff\xd8\xff\xe0JFIF"
      "\r\n------------k2j4h5g6f7d8s9a0q1w2e3r4t5y6u7i8--";
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=" + boundary), boundary);
  EXPECT_EQ(parts_of(boundary, body),
            (Parts{field("chat_id", "42"), field("photo", "attach://x7c2m9q4v1b8n3k6"),
                   file("x7c2m9q4v1b8n3k6", "photo.jpg", "", "\xff\xd8\xff\xe0JFIF")}));
}

// curl -F: its long dashed boundary, no preamble, application/octet-stream for a file.
TEST(Multipart, CurlBody) {
  const std::string boundary = "------------------------d74496d66958873e";
  const std::string body =
      "--------------------------d74496d66958873e\r\n"
      "Content-Disposition: form-data; name=\"chat_id\"\r\n"
      "\r\n"
      "-100123\r\n"
      "--------------------------d74496d66958873e\r\n"
      "Content-Disposition: form-data; name=\"document\"; filename=\"report.bin\"\r\n"
      "Content-Type: application/octet-stream\r\n"
      "\r\n"
      "\x01\x02\x03\r\n"
      "--------------------------d74496d66958873e--\r\n";
  EXPECT_EQ(parts_of(boundary, body),
            (Parts{field("chat_id", "-100123"),
                   file("document", "report.bin", "application/octet-stream", "\x01\x02\x03")}));
}

// A browser's form: its WebKit boundary, quoted in the Content-Type, a text field with a line
// break in it, and a file input left empty (an empty filename and an empty body).
TEST(Multipart, BrowserBodyWithAnEmptyFileInput) {
  EXPECT_EQ(
      multipart_boundary("multipart/form-data; boundary=\"----WebKitFormBoundary7MA4YWxkTrZu0gW\""),
      "----WebKitFormBoundary7MA4YWxkTrZu0gW");
  const std::string body =
      "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n"
      "Content-Disposition: form-data; name=\"caption\"\r\n"
      "\r\n"
      "line one\r\nline two\r\n"
      "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\n"
      "Content-Disposition: form-data; name=\"document\"; filename=\"\"\r\n"
      "Content-Type: application/octet-stream\r\n"
      "\r\n"
      "\r\n"
      "------WebKitFormBoundary7MA4YWxkTrZu0gW--\r\n";
  EXPECT_EQ(parts_of("----WebKitFormBoundary7MA4YWxkTrZu0gW", body),
            (Parts{field("caption", "line one\r\nline two"),
                   file("document", "", "application/octet-stream", "")}));
}

TEST(Multipart, ExtendedFileNameIsDecodedAndPreferred) {
  const std::string body =
      "--b\r\n"
      "Content-Disposition: form-data; name=\"document\"; filename=\"naive.txt\"; "
      "filename*=UTF-8''na%C3%AFve%20r%C3%A9sum%C3%A9.txt\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n"
      "\r\n"
      "hello\r\n"
      "--b--\r\n";
  EXPECT_EQ(parts_of("b", body), (Parts{file("document", "na\xc3\xafve r\xc3\xa9sum\xc3\xa9.txt",
                                             "text/plain; charset=utf-8", "hello")}));
}

// Alone, in either charset RFC 5987 names; and, when it cannot be decoded, `filename` instead.
TEST(Multipart, ExtendedFileNameCharsetsAndFallback) {
  const std::string body =
      with_dispositions({"form-data; FILENAME*=utf-8'en'%E2%82%AC.txt; name=a",
                         "form-data; name=b; filename*=iso-8859-1''caf%E9.txt",
                         "form-data; name=\"c\"; filename*=UTF-8''bad%zz; filename=\"ok.txt\"",
                         "form-data; name=\"d\"; filename*=koi8-r''x; filename=y.txt"});
  EXPECT_EQ(parts_of("b", body),
            (Parts{file("a", "\xe2\x82\xac.txt", "", "1"), file("b", "caf\xc3\xa9.txt", "", "2"),
                   file("c", "ok.txt", "", "3"), file("d", "y.txt", "", "4")}));
}

TEST(Multipart, QuotedParametersTakeEscapedQuotesAndKeepOtherBackslashes) {
  const std::string body =
      with_dispositions({R"(form-data; name="say \"hi\"; now"; filename="dir\file \\ two.txt")"});
  EXPECT_EQ(parts_of("b", body), (Parts{file("say \"hi\"; now", "dir\\file \\ two.txt", "", "1")}));
}

TEST(Multipart, ParametersInAnyOrderCaseAndSpacing) {
  const std::string body =
      "--b\r\n"
      "CONTENT-DISPOSITION:   Form-Data ; Filename = \"a.txt\" ;  NAME = doc  \r\n"
      "content-type:\ttext/plain \t\r\n"
      "X-Ignored: yes\r\n"
      "\r\n"
      "x\r\n"
      "--b--\r\n";
  EXPECT_EQ(parts_of("b", body), (Parts{file("doc", "a.txt", "text/plain", "x")}));
}

TEST(Multipart, BodiesAreBinarySafe) {
  // NUL bytes, bytes from 0x80 up, line breaks, and lines that only start like a delimiter.
  const std::string content =
      std::string("\0\x01\x80\xfe\xff", 5) + "\r\n--\r\n--b2\r\n--bx\r\n\n--b\r\r\n--b-\r\n";
  const std::string body =
      "--b\r\nContent-Disposition: form-data; name=\"blob\"\r\n\r\n" + content + "\r\n--b--\r\n";
  const Parts parts = parts_of("b", body);
  ASSERT_EQ(parts.size(), 1U);
  EXPECT_EQ(parts[0].body, content);
}

TEST(Multipart, AllLineBreaksBareLf) {
  const std::string body =
      "--b\n"
      "Content-Disposition: form-data; name=\"a\"\n"
      "\n"
      "one\r\n"
      "--b\n"
      "Content-Disposition: form-data; name=\"f\"; filename=\"f.txt\"\n"
      "Content-Type: text/plain\n"
      "\n"
      "two\n"
      "--b--\n";
  // With bare-LF headers the body ends before LF--b: a CR before it is the body's own.
  EXPECT_EQ(parts_of("b", body),
            (Parts{field("a", "one\r"), file("f", "f.txt", "text/plain", "two")}));
}

TEST(Multipart, ACrlfPartsBodyEndsOnlyAtCrlfDelimiter) {
  // The part's headers end in CRLF, so "\n--b" alone does not end its body.
  const std::string body =
      "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\n--b\ny\r\n--b--\r\n";
  EXPECT_EQ(parts_of("b", body), (Parts{field("a", "x\n--b\ny")}));
}

TEST(Multipart, PreambleEpilogueAndTransportPadding) {
  const std::string body =
      "This is the preamble, with --b inside.\r\n"
      "--b \t \r\n"
      "Content-Disposition: form-data; name=\"a\"\r\n"
      "\r\n"
      "1\r\n"
      "--b\t\r\n"
      "Content-Disposition: form-data; name=\"b\"\r\n"
      "\r\n"
      "2\r\n"
      "--b--  \r\n"
      "This is the epilogue.\r\n--b\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\n3";
  EXPECT_EQ(parts_of("b", body), (Parts{field("a", "1"), field("b", "2")}));
}

TEST(Multipart, AFoldedHeaderLineContinuesTheOneBefore) {
  const std::string body =
      "--b\r\n"
      "Content-Disposition: form-data;\r\n"
      "\tname=\"a\"\r\n"
      "\r\n"
      "1\r\n"
      "--b--\r\n";
  EXPECT_EQ(parts_of("b", body), (Parts{field("a", "1")}));
}

TEST(Multipart, EmptyValuesAndAFormWithNoParts) {
  EXPECT_EQ(parts_of("b", "--b\r\nContent-Disposition: form-data; name=\"\"\r\n\r\n\r\n--b--"),
            (Parts{field("", "")}));
  EXPECT_EQ(parts_of("b", "--b--\r\n"), Parts{});
}

TEST(Multipart, TheFirstOfRepeatedHeadersAndParametersCounts) {
  const std::string body =
      "--b\r\n"
      "Content-Disposition: form-data; name=\"a\"; name=\"z\"\r\n"
      "Content-Type: text/plain\r\n"
      "Content-Disposition: form-data; name=\"y\"\r\n"
      "Content-Type: text/html\r\n"
      "\r\n"
      "1\r\n"
      "--b--\r\n";
  EXPECT_EQ(parts_of("b", body), (Parts{{"a", std::nullopt, "text/plain", "1"}}));
}

// --- parse_multipart: what it refuses, and why ---

TEST(Multipart, NoFirstDelimiter) {
  EXPECT_EQ(error_of("x", "chat_id=42"), "the body does not start with the boundary \"--x\"");
  EXPECT_EQ(error_of("x", ""), "the body does not start with the boundary \"--x\"");
  // The boundary of another request: "--xy" is not a delimiter line of "x".
  EXPECT_EQ(error_of("x", "--xy\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--xy--"),
            "the body does not start with the boundary \"--x\"");
}

TEST(Multipart, NoCloseDelimiter) {
  const std::string truncated =
      "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
      "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f\"\r\n\r\nhalf a fi";
  EXPECT_EQ(error_of("b", truncated),
            "part 2 is not followed by a delimiter: the body ends before the close delimiter "
            "\"--b--\" (is it cut short?)");
}

TEST(Multipart, HeadersCutShort) {
  EXPECT_EQ(error_of("b", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n"),
            "part 1's headers are not ended by an empty line before the body ends");
}

TEST(Multipart, APartWithoutAName) {
  EXPECT_EQ(
      error_of("b", with_dispositions({"form-data; name=\"a\"", "form-data; filename=\"f.txt\""})),
      "part 2 has no Content-Disposition name");
}

TEST(Multipart, APartWithoutContentDisposition) {
  EXPECT_EQ(error_of("b", "--b\r\nContent-Type: text/plain\r\n\r\n1\r\n--b--\r\n"),
            "part 1 has no Content-Disposition header");
}

TEST(Multipart, ADispositionOtherThanFormData) {
  EXPECT_EQ(error_of("b", with_dispositions({"attachment; name=\"a\""})),
            "part 1's Content-Disposition is not form-data");
}

TEST(Multipart, AQuotedParameterNeverClosed) {
  EXPECT_EQ(error_of("b", with_dispositions({"form-data; name=\"a"})),
            "part 1's Content-Disposition has a quoted string never closed");
}

TEST(Multipart, AHeaderLineWithoutColon) {
  EXPECT_EQ(error_of("b",
                     "--b\r\nContent-Disposition: form-data; name=\"a\"\r\nnot a header\r\n\r\n"
                     "1\r\n--b--"),
            "part 1 has a header line without ':'");
  EXPECT_EQ(error_of("b", "--b\r\n: value\r\n\r\n1\r\n--b--"),
            "part 1 has a header line with no name before its ':'");
}

TEST(Multipart, ABoundaryOutsideRfc2046sLengths) {
  EXPECT_EQ(error_of("", "----\r\n"), "the boundary is 0 bytes long; RFC 2046 allows 1 to 70");
  EXPECT_EQ(error_of(std::string(71, 'b'), "--" + std::string(71, 'b') + "--"),
            "the boundary is 71 bytes long; RFC 2046 allows 1 to 70");
  EXPECT_EQ(parts_of(std::string(70, 'b'), "--" + std::string(70, 'b') + "--"), Parts{});
}

TEST(Multipart, ManyLinesThatOnlyLookLikeDelimitersAreBody) {
  std::string content;
  for (int i = 0; i < 20000; ++i)
    content += "\r\n--boundary-x\r\n--boundaryy \r\n--bound";
  const std::string body = "--boundary\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n" +
                           content + "\r\n--boundary--";
  const Parts parts = parts_of("boundary", body);
  ASSERT_EQ(parts.size(), 1U);
  EXPECT_EQ(parts[0].body, content);
}

}  // namespace
}  // namespace tas::http_server
