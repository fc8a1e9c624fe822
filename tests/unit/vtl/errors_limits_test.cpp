// Parse errors name their position; hostile templates hit limits instead of hanging.
#include <gtest/gtest.h>

#include <random>

#include "test_support.h"
#include "vtl/mapping.h"

using vtl_test::render;
using bunker::vtl::Limits;
using bunker::vtl::Template;
using bunker::vtl::TemplateError;

namespace {

TemplateError parse_error(std::string_view text) {
  try {
    Template::parse(text);
  } catch (const TemplateError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for: " << text;
  return TemplateError(TemplateError::Kind::Runtime, "none");
}

TemplateError render_error(std::string_view text, const Limits& limits = {}) {
  try {
    render(text, nlohmann::json::object(), limits);
  } catch (const TemplateError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for: " << text;
  return TemplateError(TemplateError::Kind::Runtime, "none");
}

}  // namespace

TEST(ParseErrors, NameLineAndColumn) {
  auto e = parse_error("line one\n  #if($a\nmore");
  EXPECT_EQ(e.kind(), TemplateError::Kind::Parse);
  EXPECT_EQ(e.line(), 3);
  EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos);

  e = parse_error("ok\n#foreach($x in $l)\nbody");
  EXPECT_EQ(e.line(), 2);
  EXPECT_EQ(e.column(), 1);
  EXPECT_NE(std::string(e.what()).find("#foreach"), std::string::npos);

  e = parse_error("abc #end");
  EXPECT_EQ(e.line(), 1);
  EXPECT_EQ(e.column(), 5);
}

TEST(ParseErrors, Variety) {
  for (const char* t : {"#if", "#if(", "#if($a", "#if($a)", "#else", "#elseif($x)", "#set($a = )", "#set($a 1)",
                        "#set(x = 1)", "#set($a = [1, 2)", "#set($a = {'k' 1})", "#set($a = \"unterminated)",
                        "#* never closed", "#[[ never closed", "#foreach($x $l)#end", "#macro()#end", "#define(x)#end",
                        "$a.b(1", "$a.b(1,)", "#set($a.b() = 1)", "#literal()#end", "#if($a)#else#else#end",
                        "#set($a = 1 +)", "#set($a = !)"}) {
    EXPECT_THROW(Template::parse(t), TemplateError) << t;
  }
}

TEST(RuntimeErrors, UnsupportedDirectivesAndFailingMethods) {
  EXPECT_EQ(render_error("#parse('x.vm')").kind(), TemplateError::Kind::Unsupported);
  EXPECT_EQ(render_error("#include('x.vm')").kind(), TemplateError::Kind::Unsupported);
  auto e = render_error("\n\n  #set($s = 'abc')$s.substring(5)");
  EXPECT_EQ(e.kind(), TemplateError::Kind::Runtime);
  EXPECT_EQ(e.line(), 3);
  EXPECT_NE(std::string(e.what()).find("StringIndexOutOfBoundsException"), std::string::npos);
}

TEST(Limits, ForeachIterations) {
  Limits l;
  l.max_foreach_iterations = 10;
  EXPECT_EQ(render("#foreach($i in [1..10])x#end", {}, l), "xxxxxxxxxx");
  EXPECT_EQ(render_error("#foreach($i in [1..11])x#end", l).kind(), TemplateError::Kind::Limit);
  l.truncate_foreach = true;
  EXPECT_EQ(render("#foreach($i in [1..11])x#end", {}, l), "xxxxxxxxxx");
  // AWS's quota is the default: 1000 iterations.
  EXPECT_NO_THROW(render("#foreach($i in [1..1000])#end"));
  EXPECT_THROW(render("#foreach($i in [1..1001])#end"), TemplateError);
}

TEST(Limits, NestedLoopsAndWorkBudget) {
  Limits l;
  l.max_steps = 100000;
  EXPECT_EQ(render_error("#foreach($a in [1..1000])#foreach($b in [1..1000])x#end#end", l).kind(),
            TemplateError::Kind::Limit);
}

TEST(Limits, OutputAndStringSizes) {
  Limits l;
  l.max_output_bytes = 100;
  EXPECT_EQ(render_error("#foreach($i in [1..200])x#end", l).kind(), TemplateError::Kind::Limit);
  l = Limits{};
  l.max_string_bytes = 1000;
  EXPECT_EQ(render_error("#set($s = 'xxxxxxxxxx')#foreach($i in [1..20])#set($s = \"$s$s\")#end", l).kind(),
            TemplateError::Kind::Limit);
  EXPECT_EQ(render_error("#set($s = 'xx')#foreach($i in [1..20])#set($s = $s.concat($s))#end", l).kind(),
            TemplateError::Kind::Limit);
  EXPECT_EQ(render_error("#set($s = 'xx')#foreach($i in [1..20])#set($s = $s.replace('x', 'xx'))#end", l).kind(),
            TemplateError::Kind::Limit);
}

TEST(Limits, CollectionsAndRanges) {
  EXPECT_EQ(render_error("#set($r = [1..2000000000])").kind(), TemplateError::Kind::Limit);
  Limits l;
  l.max_collection_size = 1000;
  EXPECT_EQ(render_error("#set($l = [1])#foreach($i in [1..20])#set($d = $l.addAll($l))#end", l).kind(),
            TemplateError::Kind::Limit);
}

TEST(Limits, RecursionDepth) {
  EXPECT_EQ(render_error("#macro(r)#r()#end#r()").kind(), TemplateError::Kind::Limit);
  EXPECT_EQ(render_error("#define($b)$b#end$b").kind(), TemplateError::Kind::Limit);
  EXPECT_EQ(render_error("#set($t = '#evaluate($t)')#evaluate($t)").kind(), TemplateError::Kind::Limit);
  // Deeply nested containers print only to the depth limit.
  EXPECT_EQ(render_error("#set($l = [])#set($x = $l)#foreach($i in [1..700])#set($n = [])#set($d = $x.add($n))#set($x = $n)#end$l")
                .kind(),
            TemplateError::Kind::Limit);
}

TEST(Limits, CyclesArePrintedOrBoundedNeverInfinite) {
  EXPECT_EQ(render("#set($l = [])#set($d = $l.add($l))$l"), "[(this Collection)]");
  EXPECT_EQ(render_error("#set($a = {})#set($b = {})#set($d = $a.put('b', $b))#set($d = $b.put('a', $a))$a").kind(),
            TemplateError::Kind::Limit);
}

TEST(Limits, CatastrophicRegexFails) {
  // Exponential backtracking: PCRE2's match limit stops it (AWS's Java would spin).
  std::string s(5000, 'a');
  s += '!';
  EXPECT_THROW(render("$s.matches('^(\\w+\\s?)*$')", {{"s", s}}), TemplateError);
  EXPECT_EQ(render("$s.matches('(a+)+b')", {{"s", std::string(40, 'a') + "!"}}), "false");
}

TEST(Limits, ParseNestingAndTemplateSize) {
  EXPECT_NO_THROW(Template::parse(std::string(5000, '(')));  // plain text
  std::string deep = "#set($a = " + std::string(1000, '(') + "1" + std::string(1000, ')') + ")";
  EXPECT_EQ(parse_error(deep).kind(), TemplateError::Kind::Parse);
  std::string nested;
  for (int i = 0; i < 500; ++i) nested += "#if(true)";
  EXPECT_EQ(parse_error(nested).kind(), TemplateError::Kind::Parse);
  bunker::vtl::ParseOptions po;
  po.max_template_bytes = 10;
  EXPECT_THROW(Template::parse("01234567890", po), TemplateError);
}

// Random templates built from VTL fragments: a fixed seed and count, so the run is
// deterministic. Rendering may fail, but only ever with TemplateError.
TEST(RandomTemplates, OnlyTemplateErrorsNeverCrashes) {
  static const char* kFragments[] = {
      "$a", "$!b", "${c}", "$a.b", "$m.put('k', $a)", "$l.add($m)", "$l[0]", "$l[-1]", "$s.substring(1)",
      "$s.split(',')", "$s.replaceAll('a+', '$0$0')", "$input.path('$.x')", "$input.json('$..y')",
      "$util.escapeJavaScript($s)", "$util.parseJson($s)", "$util.base64Decode($s)", "#set($a = $a + 1)",
      "#set($s = \"$s$s\")", "#set($l = [1..5])", "#set($m = {'a': $l})", "#set($m[$a] = $m)", "#if($a > 2)",
      "#elseif($b)", "#else", "#end", "#foreach($i in $l)", "#foreach($i in $m)", "#break", "#stop",
      "#macro(mm $p)$p#end", "#mm($a)", "#define($d)$a#end", "$d", "#evaluate($s)", "## c\n", "#* c *#",
      "\\$a", "\\#if", "(", ")", "[", "]", "{", "}", "'", "\"", "\n", "  ", "text", "$", "#", ",", "..",
      "#set($x = $l.size() / 0)", "$foreach.index", "$velocityCount", "#set($l = $l.subList(0, 1))", "==", "&&",
      "$context.requestOverride.header", "#set($context.responseOverride.status = $a)"};
  std::mt19937 rng(20240607);
  const std::size_t n = std::size(kFragments);
  bunker::vtl::MappingInput in;
  in.body = R"({"x": [1, {"y": 2}], "s": "a,b,aa"})";
  Limits limits;
  limits.max_steps = 200000;
  limits.max_output_bytes = 1 << 20;
  limits.max_string_bytes = 1 << 16;
  int rendered = 0;
  int failed = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    std::string t = "#set($a = 1)#set($s = 'a,b')#set($l = [1, 'x'])#set($m = {})";
    int parts = 1 + static_cast<int>(rng() % 14);
    for (int p = 0; p < parts; ++p) t += kFragments[rng() % n];
    try {
      bunker::vtl::MappingState state;
      bunker::vtl::render_mapping_template(t, in, state, limits);
      ++rendered;
    } catch (const TemplateError&) {
      ++failed;
    } catch (const std::exception& e) {
      FAIL() << "non-TemplateError exception " << e.what() << " for template: " << t;
    }
  }
  EXPECT_EQ(rendered + failed, 3000);
  EXPECT_GT(rendered, 100);  // the generator produces mostly valid templates
  EXPECT_GT(failed, 100);    // and plenty of broken ones
}
