// Tests for kernel/lib/path: splitting a path into components.
#include "kernel/lib/path.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "libc/include/bits/errno.h"
#include "tests/unit/exact_buffer.h"

namespace {

// The components of a path, read from an exact-size copy without a NUL.
std::vector<std::string> components(const std::string& text, int* final_result = nullptr) {
  ExactBuffer buffer(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  path::ComponentIterator it(reinterpret_cast<const char*>(buffer.data()), buffer.size());
  std::vector<std::string> out;
  const char* name;
  size_t len;
  int r;
  while ((r = it.next(&name, &len)) == 1) {
    out.emplace_back(name, len);
    if (out.size() > text.size() + 1) {
      ADD_FAILURE() << "iterator does not terminate";
      break;
    }
  }
  if (final_result != nullptr) *final_result = r;
  return out;
}

using Names = std::vector<std::string>;

TEST(Path, RelativePath) { EXPECT_EQ(components("a/b/c"), (Names{"a", "b", "c"})); }

TEST(Path, AbsolutePathAndRepeatedSlashes) {
  EXPECT_EQ(components("/usr//bin///sh"), (Names{"usr", "bin", "sh"}));
  EXPECT_EQ(components("//a"), (Names{"a"}));
}

TEST(Path, TrailingSlashesYieldNoEmptyComponent) {
  EXPECT_EQ(components("dir/"), (Names{"dir"}));
  EXPECT_EQ(components("/a/b///"), (Names{"a", "b"}));
}

TEST(Path, RootAndEmptyHaveNoComponents) {
  int r = 1;
  EXPECT_EQ(components("", &r), Names{});
  EXPECT_EQ(r, 0);
  EXPECT_EQ(components("/", &r), Names{});
  EXPECT_EQ(r, 0);
  EXPECT_EQ(components("////"), Names{});
  path::ComponentIterator null_path(nullptr, 0);
  const char* name;
  size_t len;
  EXPECT_EQ(null_path.next(&name, &len), 0);
  EXPECT_TRUE(null_path.at_end());
}

TEST(Path, DotAndDotDotAreComponents) {
  EXPECT_EQ(components("./a/../b/."), (Names{".", "a", "..", "b", "."}));
  EXPECT_EQ(components("/.."), (Names{".."}));
}

TEST(Path, DotAndDotDotAreRecognised) {
  EXPECT_TRUE(path::is_dot(".", 1));
  EXPECT_FALSE(path::is_dot("..", 2));
  EXPECT_FALSE(path::is_dot(".a", 2));
  EXPECT_FALSE(path::is_dot("", 0));
  EXPECT_TRUE(path::is_dot_dot("..", 2));
  EXPECT_FALSE(path::is_dot_dot("...", 3));
  EXPECT_FALSE(path::is_dot_dot(".a", 2));
  EXPECT_FALSE(path::is_dot_dot(".", 1));
  // Only the given length counts, not what follows it.
  EXPECT_TRUE(path::is_dot("./x", 1));
  EXPECT_TRUE(path::is_dot_dot("../x", 2));
}

TEST(Path, ComponentsPointIntoThePath) {
  const char text[] = "/ab/cd";
  path::ComponentIterator it(text, 6);
  const char* name;
  size_t len;
  ASSERT_EQ(it.next(&name, &len), 1);
  EXPECT_EQ(name, text + 1);
  EXPECT_EQ(len, 2u);
  ASSERT_EQ(it.next(&name, &len), 1);
  EXPECT_EQ(name, text + 4);
  EXPECT_EQ(len, 2u);
}

TEST(Path, OnlyTheGivenLengthIsRead) {
  const char text[] = "abc/def";
  path::ComponentIterator it(text, 3);
  const char* name;
  size_t len;
  ASSERT_EQ(it.next(&name, &len), 1);
  EXPECT_EQ(std::string(name, len), "abc");
  EXPECT_EQ(it.next(&name, &len), 0);
  EXPECT_FALSE(it.had_trailing_slash());
}

TEST(Path, AtEndTellsWhetherTheLastComponentWasReturned) {
  path::ComponentIterator it("a/b/", 4);
  const char* name;
  size_t len;
  EXPECT_FALSE(it.at_end());
  ASSERT_EQ(it.next(&name, &len), 1);  // "a"
  EXPECT_FALSE(it.at_end());
  ASSERT_EQ(it.next(&name, &len), 1);  // "b", the last one despite the slash after it
  EXPECT_TRUE(it.at_end());
  EXPECT_EQ(it.next(&name, &len), 0);
  EXPECT_TRUE(it.at_end());

  path::ComponentIterator root("/", 1);
  EXPECT_TRUE(root.at_end());  // nothing at all to return
}

TEST(Path, TrailingSlash) {
  EXPECT_TRUE(path::ComponentIterator("dir/", 4).had_trailing_slash());
  EXPECT_TRUE(path::ComponentIterator("/a/b//", 6).had_trailing_slash());
  EXPECT_TRUE(path::ComponentIterator("/", 1).had_trailing_slash());
  EXPECT_FALSE(path::ComponentIterator("dir", 3).had_trailing_slash());
  EXPECT_FALSE(path::ComponentIterator("/a/.", 4).had_trailing_slash());
  EXPECT_FALSE(path::ComponentIterator("", 0).had_trailing_slash());
}

TEST(Path, IsAbsolute) {
  EXPECT_TRUE(path::is_absolute("/", 1));
  EXPECT_TRUE(path::is_absolute("//a", 3));
  EXPECT_FALSE(path::is_absolute("a/b", 3));
  EXPECT_FALSE(path::is_absolute("./a", 3));
  EXPECT_FALSE(path::is_absolute("", 0));
  EXPECT_FALSE(path::is_absolute(nullptr, 0));
}

TEST(Path, Limits) {
  EXPECT_EQ(path::kNameMax, 255u);
  EXPECT_EQ(path::kPathMax, 1023u);
}

TEST(Path, ComponentOfNameMaxBytesIsAccepted) {
  std::string longest(path::kNameMax, 'x');
  int r = 1;
  EXPECT_EQ(components("/a/" + longest + "/b", &r), (Names{"a", longest, "b"}));
  EXPECT_EQ(r, 0);
}

TEST(Path, LongerComponentIsNameTooLongAndStopsTheWalk) {
  std::string too_long(path::kNameMax + 1, 'x');
  std::string text = "/a/" + too_long + "/b";
  int r = 0;
  EXPECT_EQ(components(text, &r), (Names{"a"}));
  EXPECT_EQ(r, -ENAMETOOLONG);

  // The error repeats on every later call.
  path::ComponentIterator it(text.data(), text.size());
  const char* name;
  size_t len;
  ASSERT_EQ(it.next(&name, &len), 1);
  EXPECT_EQ(it.next(&name, &len), -ENAMETOOLONG);
  EXPECT_EQ(it.next(&name, &len), -ENAMETOOLONG);

  // Also as the last component, with or without a trailing slash.
  EXPECT_EQ(components(too_long, &r), Names{});
  EXPECT_EQ(r, -ENAMETOOLONG);
  EXPECT_EQ(components(too_long + "/", &r), Names{});
  EXPECT_EQ(r, -ENAMETOOLONG);
}

}  // namespace
