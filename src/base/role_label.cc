#include "base/role_label.h"

#include <re2/re2.h>

namespace kansrijk {

bool IsRoleLabel(std::string_view label) {
  static const RE2 re(
      R"((?i)^(?:i|r|b|p|sp|int|interviewer|interviewster|respondent|respondente|moderator|gespreksleider|)"
      R"(onderzoeker|deelnemer|spreker|speaker|participant|geinterviewde|geïnterviewde)[\s_]*\d*$|^[a-z]{1,3}\d+$)");
  return RE2::FullMatch(re2::StringPiece(label.data(), label.size()), re);
}

}  // namespace kansrijk
