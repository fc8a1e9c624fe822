// Velocity 1.7's whitespace handling around directives (the "backward compatible"
// gobbling API Gateway inherits): see src/vtl/parser.h for the rules.
#include <gtest/gtest.h>

#include "test_support.h"

using vtl_test::render;

TEST(Whitespace, DirectiveLinesProduceNoLine) {
  EXPECT_EQ(render("#set($a = 1)\nline"), "line");
  EXPECT_EQ(render("#set($a = 1)   \nline"), "line");       // trailing blanks go with the newline
  EXPECT_EQ(render("#set($a = 1)\r\nline"), "line");        // CRLF counts as one newline
  EXPECT_EQ(render("#set($a = 1) text"), " text");          // only a line end is swallowed
  EXPECT_EQ(render("#if(true)\nyes\n#else\nno\n#end\nafter"), "yes\nafter");
  EXPECT_EQ(render("#if(false)\nyes\n#elseif(true)\nmaybe\n#end\n"), "maybe\n");
  EXPECT_EQ(render("#foreach($i in [1..2])\n$i\n#end\n"), "1\n2\n");
}

TEST(Whitespace, EndFollowedByTextKeepsTheText) {
  EXPECT_EQ(render("#if(true)a#end   b"), "a   b");
  EXPECT_EQ(render("#if(true)a#end\n\nb"), "a\nb");  // one newline only
}

TEST(Whitespace, IndentationBeforeBlockDirectivesIsRendered) {
  // The classic Velocity 1.x output: indentation before #foreach/#end stays.
  EXPECT_EQ(render("<ul>\n    #foreach($i in [1..2])\n    <li>$i</li>\n    #end\n</ul>"),
            "<ul>\n        <li>1</li>\n        <li>2</li>\n    </ul>");
  EXPECT_EQ(render("#if(true)\n  a\n#end\nb"), "  a\nb");
}

TEST(Whitespace, SetSwallowsIndentationOnlyAtTheStartOfATextRun) {
  EXPECT_EQ(render("  #set($a = 1)\nx"), "x");
  EXPECT_EQ(render("#set($a = 1)\n    #set($b = 2)\nx"), "x");
  EXPECT_EQ(render("text\n  #set($a = 1)\nx"), "text\n  x");
  EXPECT_EQ(render("$v #set($b = 1)x", {{"v", "A"}}), "Ax");  // right after a reference
  EXPECT_EQ(render("#if(true)\n    #set($b = 1)\n#end$b"), "1");
}

TEST(Whitespace, CommentsAndMacroCalls) {
  EXPECT_EQ(render("a ## note\nb"), "a b");
  EXPECT_EQ(render("## only a comment\nb"), "b");
  EXPECT_EQ(render("a#* c *#\nb"), "a\nb");  // block comments keep the newline
  EXPECT_EQ(render("#macro(m)X#end\n#m()\ny"), "Xy");
}

TEST(Whitespace, DocsPetStoreTemplateLayout) {
  // The mapping-template example of API Gateway's documentation, laid out by these rules.
  const char* t =
      "#set($inputRoot = $input)\n"
      "[\n"
      "#foreach($elem in $inputRoot)\n"
      "  {\n"
      "    \"id\": $elem.id\n"
      "  }#if($foreach.hasNext),#end\n"
      "\n"
      "#end\n"
      "]";
  nlohmann::json v = {{"input", {{{"id", 1}}, {{"id", 2}}}}};
  EXPECT_EQ(render(t, v), "[\n  {\n    \"id\": 1\n  },\n  {\n    \"id\": 2\n  }\n]");
}
