#include "base/role_label.h"

#include <re2/re2.h>

namespace kansrijk {

bool IsRoleLabel(std::string_view label) {
  static const RE2 re(
      R"((?i)^(?:i|r|b|p|sp|int|interviewer|interviewster|respondent|respondente|moderator|gespreksleider|)"
      R"(onderzoeker|deelnemer|spreker|speaker|participant|geinterviewde|geïnterviewde|)"
      // The roles of the programme's field, as transcribers and published interviews label speakers who are not
      // named ("Wethouder: ...", "Verloskundige 2: ..."), so that one who speaks only once is still a speaker.
      R"(begeleider|voorzitter|wethouder|burgemeester|projectleider|programmamanager|co[oö]rdinator|beleidsmedewerker|)"
      R"(beleidsadviseur|verloskundige|kraamverzorgende|kraamverzorgster|jeugdverpleegkundige|wijkverpleegkundige|)"
      R"(jeugdarts|huisarts|gynaecoloog|kinderarts|praktijkondersteuner|wijkteammedewerker|maatschappelijk werker|)"
      R"(ervaringsdeskundige|moeder|vader|ouder)[\s_]*\d*$|^[a-z]{1,3}\d+$)");
  return RE2::FullMatch(re2::StringPiece(label.data(), label.size()), re);
}

}  // namespace kansrijk
