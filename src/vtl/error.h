#pragma once
// The one exception the VTL engine throws. Parse errors, failing Java methods
// (substring out of range, bad regex…), exceeded limits and unsupported directives
// all end here; API Gateway turns it into its error answer. Nothing else escapes
// render() except std::bad_alloc.
#include <stdexcept>
#include <string>

namespace bunker::vtl {

class TemplateError : public std::runtime_error {
 public:
  enum class Kind { Parse, Runtime, Limit, Unsupported };

  TemplateError(Kind kind, std::string message, int line = 0, int column = 0)
      : std::runtime_error(format(message, line, column)),
        kind_(kind), detail_(std::move(message)), line_(line), column_(column) {}

  Kind kind() const noexcept { return kind_; }
  // The message without the position suffix.
  const std::string& detail() const noexcept { return detail_; }
  // 1-based position in the template text; 0 when unknown.
  int line() const noexcept { return line_; }
  int column() const noexcept { return column_; }

 private:
  static std::string format(const std::string& message, int line, int column) {
    if (line <= 0) return message;
    return message + " at line " + std::to_string(line) + ", column " + std::to_string(column);
  }

  Kind kind_;
  std::string detail_;
  int line_;
  int column_;
};

}  // namespace bunker::vtl
