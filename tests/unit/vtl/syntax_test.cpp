// Velocity syntax: references, directives, literals, operators, escapes, comments.
#include <gtest/gtest.h>

#include "test_support.h"

using vtl_test::render;
using nlohmann::json;

TEST(References, PlainBracedAndQuiet) {
  json v = {{"name", "Ann"}};
  EXPECT_EQ(render("Hi $name!", v), "Hi Ann!");
  EXPECT_EQ(render("Hi ${name}s", v), "Hi Anns");
  EXPECT_EQ(render("Hi $!name", v), "Hi Ann");
  EXPECT_EQ(render("Hi $!{name}.", v), "Hi Ann.");
}

TEST(References, NullAndUndefinedRenderEmptyAsOnApiGateway) {
  EXPECT_EQ(render("[$missing]"), "[]");
  EXPECT_EQ(render("[$!missing]"), "[]");
  EXPECT_EQ(render("[${missing.deeper.call()}]"), "[]");
  EXPECT_EQ(render("[$x]", {{"x", nullptr}}), "[]");
}

TEST(References, TextThatOnlyLooksLikeAReference) {
  EXPECT_EQ(render("costs $5 and $ 6 or $"), "costs $5 and $ 6 or $");
  EXPECT_EQ(render("${unclosed"), "${unclosed");
  EXPECT_EQ(render("$a.", {{"a", "x"}}), "x.");
  EXPECT_EQ(render("$a.1", {{"a", "x"}}), "x.1");
  EXPECT_EQ(render("mail@$host.com", {{"host", "example"}}), "mail@");  // $host.com is a property lookup
}

TEST(References, IdentifiersMayContainHyphensInVelocity17) {
  EXPECT_EQ(render("$a-b", {{"a", "1"}, {"a-b", "2"}}), "2");
  EXPECT_EQ(render("${a}-b", {{"a", "1"}}), "1-b");
}

TEST(References, PropertiesIndexesAndChainedMethods) {
  json v = {{"m", {{"k", "v"}, {"list", {10, 20, 30}}}}};
  EXPECT_EQ(render("$m.k $m.list[1] $m.list[-1] $m['k'] $m.get('k').toUpperCase().length()", v), "v 20 30 v 1");
  EXPECT_EQ(render("$m.list.size() $m.size() $m.keySet()", v), "3 2 [k, list]");
}

TEST(Set, AssignsAndRendersValues) {
  EXPECT_EQ(render("#set($a = 5)$a"), "5");
  EXPECT_EQ(render("#set( $a = 'x' )$a"), "x");
  EXPECT_EQ(render("#{set}($a = true)$a"), "true");
  EXPECT_EQ(render("#set($a = [1, 'two', true])$a"), "[1, two, true]");
  EXPECT_EQ(render("#set($m = {'a': 1, 'b': [1, 2]})$m"), "{a=1, b=[1, 2]}");
  EXPECT_EQ(render("#set($m = {})$m.isEmpty()"), "true");
}

TEST(Set, NullRightHandSideLeavesTargetUnchanged) {
  EXPECT_EQ(render("#set($a = 1)#set($a = $nothing)$a"), "1");
  EXPECT_EQ(render("#set($a = $nothing)[$a]"), "[]");
}

TEST(Set, MapEntriesThroughIndexPropertyAndPut) {
  EXPECT_EQ(render("#set($m = {})#set($k = 'key')#set($m[$k] = 1)#set($m.other = 2)$m"), "{key=1, other=2}");
  EXPECT_EQ(render("#set($m = {'a': {}})#set($m.a.b = 'deep')$m.a.b"), "deep");
  // put returns the previous value: nothing the first time, the old value after.
  EXPECT_EQ(render("#set($m = {})[$m.put('a', 1)][$m.put('a', 2)]$m"), "[][1]{a=2}");
  EXPECT_EQ(render("#set($l = [1, 2])#set($l[0] = 'x')$l"), "[x, 2]");
}

TEST(Set, ContainersAreSharedLikeJavaObjects) {
  EXPECT_EQ(render("#set($a = [])#set($b = $a)$b.add(1)$a"), "true[1]");
}

TEST(If, ElseIfElseChains) {
  const char* t = "#if($n == 1)one#elseif($n == 2)two#else many#end";
  EXPECT_EQ(render(t, {{"n", 1}}), "one");
  EXPECT_EQ(render(t, {{"n", 2}}), "two");
  EXPECT_EQ(render(t, {{"n", 3}}), " many");
  EXPECT_EQ(render("#if ($x) yes #end", {{"x", true}}), " yes ");
  EXPECT_EQ(render("#{if}($x)a#{else}b#{end}", {{"x", false}}), "b");
}

TEST(If, TruthinessFollowsVelocity17) {
  EXPECT_EQ(render("#if($missing)t#else f#end"), " f");
  EXPECT_EQ(render("#if($e)t#end", {{"e", ""}}), "t");  // empty strings are true in 1.7
  EXPECT_EQ(render("#if($z)t#end", {{"z", 0}}), "t");
  EXPECT_EQ(render("#if($l)t#end", {{"l", json::array()}}), "t");
  EXPECT_EQ(render("#if(!$missing)t#end"), "t");
}

TEST(Operators, LogicalWordsAndSymbols) {
  json v = {{"a", true}, {"b", false}};
  EXPECT_EQ(render("#if($a && !$b)1#end#if($a and not $b)2#end#if($b || $a)3#end#if($b or $b)4#end", v), "123");
  EXPECT_EQ(render("#if(1 eq 1 && 1 ne 2 && 1 lt 2 && 2 gt 1 && 1 le 1 && 1 ge 1)ok#end"), "ok");
  EXPECT_EQ(render("#if(1 < 2 && 2 > 1 && 1 <= 1 && 1 >= 1 && 1 != 2)ok#end"), "ok");
}

TEST(Operators, EqualityRules) {
  EXPECT_EQ(render("#if($missing == '')a#end#if($missing == $null)b#end#if($missing == 'x')c#end"), "ab");
  EXPECT_EQ(render("#if(1 == 1.0)a#end#if('1' == 1)b#end#if('a' == 'a')c#end#if([1] == [1])d#end"), "abcd");
  EXPECT_EQ(render("#if($l == '')a#end#if($l == $null)b#end", {{"l", json::array()}}), "");
  EXPECT_EQ(render("#if('abc' < 'abd')a#else b#end"), " b");  // 1.7 orders numbers only
}

TEST(Arithmetic, IntegerDecimalAndJavaSemantics) {
  EXPECT_EQ(render("#set($a = 7 / 2)$a|#set($b = -7 / 2)$b|#set($c = 7 % 3)$c|#set($d = 2 * 3 + 4)$d"), "3|-3|1|10");
  EXPECT_EQ(render("#set($a = 7 / 2.0)$a|#set($b = 1.5 + 1)$b|#set($c = 0.1 + 0.2)$c"), "3.5|2.5|0.30000000000000004");
  EXPECT_EQ(render("#set($a = 2147483647 + 1)$a|#set($b = 10000000.0 * 10)$b"), "2147483648|1.0E8");
  EXPECT_EQ(render("#set($a = 1 / 0)[$a]#set($b = 1 % 0)[$b]"), "[][]");
  EXPECT_EQ(render("#set($a = (1 + 2) * 3)$a|#set($b = 10 - 2 - 3)$b"), "9|5");
  EXPECT_EQ(render("#set($s = 'a' + 1)$s|#set($t = 1 + 'b')$t"), "a1|1b");
  EXPECT_EQ(render("#set($n = $x - 1)$n", {{"x", 5}}), "4");
}

TEST(Literals, StringsInterpolateOnlyInDoubleQuotes) {
  json v = {{"who", "Ann"}};
  EXPECT_EQ(render("#set($a = \"hi $who\")$a", v), "hi Ann");
  EXPECT_EQ(render("#set($a = 'hi $who')$a", v), "hi $who");
  EXPECT_EQ(render("#set($a = \"say \"\"hi\"\"\")$a"), "say \"hi\"");
  EXPECT_EQ(render("#set($a = 'it''s')$a"), "it's");
  EXPECT_EQ(render("#set($a = \"caf\\u00e9\")$a"), "caf\xC3\xA9");
  EXPECT_EQ(render("#set($a = \"#if(true)yes#end\")$a"), "yes");
  EXPECT_EQ(render("#set($a = \"x\\ty\")$a"), "x\\ty");  // other backslashes stay as written
}

TEST(Literals, NumbersRangesListsMaps) {
  EXPECT_EQ(render("#set($a = -5)$a|#set($b = 1.25)$b|#set($c = 1e3)$c|#set($d = 12345678901)$d"),
            "-5|1.25|1000.0|12345678901");
  EXPECT_EQ(render("#foreach($i in [1..3])$i#end|#foreach($i in [3..1])$i#end|#foreach($i in [-1..1])$i,#end"),
            "123|321|-1,0,1,");
  EXPECT_EQ(render("#set($n = 2)#foreach($i in [$n..4])$i#end"), "234");
  EXPECT_EQ(render("#set($l = [[1, 2], {'k': 'v'}])$l $l[1].k $l.get(0).get(1)"), "[[1, 2], {k=v}] v 2");
}

TEST(Foreach, LoopVariablesAndScope) {
  json v = {{"items", {"a", "b", "c"}}};
  EXPECT_EQ(render("#foreach($x in $items)$x#if($foreach.hasNext),#end#end", v), "a,b,c");
  EXPECT_EQ(render("#foreach($x in $items)$foreach.index/$foreach.count/$velocityCount #end", v), "0/1/1 1/2/2 2/3/3 ");
  EXPECT_EQ(render("#foreach($x in $items)#if($foreach.first)[#end$x#if($foreach.last)]#end#end", v), "[abc]");
  EXPECT_EQ(render("#foreach($x in $items)$velocityHasNext #end", v), "true true false ");
  // The loop variable is restored afterwards.
  EXPECT_EQ(render("#set($x = 'outer')#foreach($x in $items)#end$x", v), "outer");
  EXPECT_EQ(render("#foreach($x in $items)#end[$x]", v), "[]");
}

TEST(Foreach, NestedLoopsAndParentScope) {
  EXPECT_EQ(render("#foreach($a in [1, 2])#foreach($b in ['x', 'y'])$a$b$foreach.parent.index #end#end"),
            "1x0 1y0 2x1 2y1 ");
}

TEST(Foreach, IteratesMapValuesAndSkipsNonIterables) {
  EXPECT_EQ(render("#foreach($v in $m)$v;#end", {{"m", {{"a", 1}, {"b", 2}}}}), "1;2;");
  EXPECT_EQ(render("#foreach($v in $m.keySet())$v;#end", {{"m", {{"a", 1}, {"b", 2}}}}), "a;b;");
  EXPECT_EQ(render("#foreach($v in $m.entrySet())$v.key=$v.value;#end", {{"m", {{"a", 1}}}}), "a=1;");
  EXPECT_EQ(render("#foreach($v in $missing)x#end#foreach($v in 'abc')y#end#foreach($v in 5)z#end"), "");
}

TEST(Foreach, BreakAndStop) {
  EXPECT_EQ(render("#foreach($i in [1..5])#if($i == 3)#break#end$i#end after"), "12 after");
  EXPECT_EQ(render("#foreach($i in [1..2])#foreach($j in [1..3])#if($j == 2)#break($foreach)#end$i$j #end#end"),
            "11 21 ");
  EXPECT_EQ(render("a#stop b"), "a");
  EXPECT_EQ(render("#foreach($i in [1..5])$i#if($i == 2)#stop#end#end never"), "12");
}

TEST(Macros, DefineCallAndRecurse) {
  EXPECT_EQ(render("#macro(greet $who)Hello $who!#end#greet('Ann') #greet(\"Bob\")"), "Hello Ann! Hello Bob!");
  EXPECT_EQ(render("#macro(pair $a, $b)[$a:$b]#end#pair(1 2)#pair(3, 4)"), "[1:2][3:4]");
  EXPECT_EQ(render("#macro(count $n)#if($n > 0)$n#set($m = $n - 1)#count($m)#end#end#count(3)"), "321");
  EXPECT_EQ(render("#macro(noargs)x#end#noargs()#noargs()"), "xx");
  // Parameters are local; other #set calls write the global context (1.7 default).
  EXPECT_EQ(render("#set($a = 'g')#macro(m $a)#set($b = $a)#end#m('local')$a $b"), "g local");
}

TEST(Macros, UnknownMacroCallPrintsItself) {
  EXPECT_EQ(render("#nosuch($x) and #hashtag"), "#nosuch($x) and #hashtag");
  EXPECT_EQ(render("color: #fff;"), "color: #fff;");
}

TEST(Define, RendersLazilyWithCurrentValues) {
  EXPECT_EQ(render("#define($block)v=$v#end#set($v = 1)$block|#set($v = 2)$block"), "v=1|v=2");
}

TEST(Evaluate, RendersTextAsATemplate) {
  EXPECT_EQ(render("#set($t = 'Hi $name')#evaluate($t)", {{"name", "Ann"}}), "Hi Ann");
}

TEST(Comments, LineBlockAndTextBlocks) {
  EXPECT_EQ(render("a## comment\nb"), "ab");
  EXPECT_EQ(render("a#* block\n comment *#b"), "ab");
  EXPECT_EQ(render("a#** doc *#b"), "ab");
  EXPECT_EQ(render("#[[$not #if(a) parsed]]#"), "$not #if(a) parsed");
  EXPECT_EQ(render("x##"), "x");
}

TEST(Escapes, BackslashBeforeReferences) {
  json v = {{"a", "A"}};
  EXPECT_EQ(render("\\$a", v), "$a");
  EXPECT_EQ(render("\\\\$a", v), "\\A");
  EXPECT_EQ(render("\\\\\\$a", v), "\\$a");
  EXPECT_EQ(render("\\$undefined"), "\\$undefined");  // escaping an undefined reference keeps it as written
  EXPECT_EQ(render("C:\\temp \\n"), "C:\\temp \\n");
}

TEST(Escapes, BackslashBeforeDirectives) {
  EXPECT_EQ(render("\\#if($a)x\\#end", {{"a", "A"}}), "#if(A)x#end");
  EXPECT_EQ(render("\\#if(1)x\\#end"), "#if(1)x#end");
  EXPECT_EQ(render("\\\\#if(true)x#end"), "\\x");
  EXPECT_EQ(render("\\#set($a = 1)"), "#set( = 1)");  // the text after an escaped directive is still parsed
  EXPECT_EQ(render("\\#notadirective"), "\\#notadirective");
}
