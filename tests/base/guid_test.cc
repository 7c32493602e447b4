#include "base/guid.h"

#include <gtest/gtest.h>

namespace kansrijk {
namespace {

TEST(Guid, StableAndWellFormed) {
  std::string a = StableGuid("code:kansrijke-start/kartrekker");
  EXPECT_EQ(a, StableGuid("code:kansrijke-start/kartrekker"));
  EXPECT_NE(a, StableGuid("code:kansrijke-start/financiering"));
  ASSERT_EQ(a.size(), 36u);
  EXPECT_EQ(a[14], '8');  // version
  EXPECT_TRUE(a[19] == '8' || a[19] == '9' || a[19] == 'a' || a[19] == 'b');  // variant
  EXPECT_EQ(CanonicalGuid(a), a);
}

TEST(Guid, CanonicalFormIgnoresBracesAndCase) {
  EXPECT_EQ(CanonicalGuid("{AD68FBE7-E1EE-4A82-A279-23CC698C89EB}"), "ad68fbe7-e1ee-4a82-a279-23cc698c89eb");
  EXPECT_EQ(CanonicalGuid(" ad68fbe7-e1ee-4a82-a279-23cc698c89eb "), "ad68fbe7-e1ee-4a82-a279-23cc698c89eb");
  EXPECT_EQ(CanonicalGuid("c001"), "");
  EXPECT_EQ(CanonicalGuid("ad68fbe7-e1ee-4a82-a279-23cc698c89eg"), "");
}

}  // namespace
}  // namespace kansrijk
