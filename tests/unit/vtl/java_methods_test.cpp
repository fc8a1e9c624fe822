// Java methods on strings, lists, maps and numbers as templates use them.
#include <gtest/gtest.h>

#include "test_support.h"
#include "vtl/java_regex.h"

using vtl_test::render;
using nlohmann::json;
using bunker::vtl::TemplateError;

TEST(StringMethods, Basics) {
  json v = {{"s", "  Hello, World  "}, {"t", "Hello"}};
  EXPECT_EQ(render("$s.trim()|$s.length()|$t.toUpperCase()|$t.toLowerCase()|$t.isEmpty()|$t.empty", v),
            "Hello, World|16|HELLO|hello|false|false");
  EXPECT_EQ(render("$t.substring(1)|$t.substring(1, 3)|$t.charAt(4)|$t.concat('!')", v), "ello|el|o|Hello!");
  EXPECT_EQ(render("$t.indexOf('l')|$t.indexOf('l', 3)|$t.lastIndexOf('l')|$t.indexOf('z')", v), "2|3|3|-1");
  EXPECT_EQ(render("$t.contains('ell')|$t.startsWith('He')|$t.startsWith('l', 2)|$t.endsWith('lo')", v),
            "true|true|true|true");
  EXPECT_EQ(render("$t.equals('Hello')|$t.equals(5)|$t.equalsIgnoreCase('hELLO')|$t.compareTo('Help')", v),
            "true|false|true|-4");
  EXPECT_EQ(render("$t.replace('l', 'L')|$t.replace('', '-')|$t.hashCode()", v), "HeLLo|-H-e-l-l-o-|69609650");
}

TEST(StringMethods, RegexMethodsUseJavaSemantics) {
  json v = {{"s", "a1b22c333"}};
  EXPECT_EQ(render("$s.replaceAll('[0-9]+', '#')|$s.replaceFirst('\\d', 'X')|$s.matches('[a-c0-9]+')|$s.matches('b')", v),
            "a#b#c#|aXb22c333|true|false");
  EXPECT_EQ(render("$s.replaceAll('([a-z])(\\d)', '$2$1')", v), "1a2b23c33");
  EXPECT_EQ(render("#set($p = 'a,b,,c,,')$p.split(',')|$p.split(',').size()|$p.split(',', -1).size()|$p.split(',', 2)"),
            "[a, b, , c]|4|6|[a, b,,c,,]");
  EXPECT_EQ(render("#set($f = 'To=1&Body=Hi+there')#foreach($kv in $f.split('&'))#set($p = $kv.split('='))$p[0]:$p[1];#end"),
            "To:1;Body:Hi+there;");
  EXPECT_EQ(render("'$s.replaceAll('x*', '-')'", {{"s", "abc"}}), "'-a-b-c-'");
}

TEST(StringMethods, Utf16Indices) {
  json v = {{"s", "h\xC3\xA9llo \xF0\x9F\x98\x80!"}};  // héllo 😀!
  EXPECT_EQ(render("$s.length()|$s.substring(1, 2)|$s.indexOf('!')|$s.substring(6, 8)", v),
            "9|\xC3\xA9|8|\xF0\x9F\x98\x80");
}

TEST(StringMethods, JavaExceptionsFailTheRender) {
  EXPECT_THROW(render("$t.substring(9)", {{"t", "abc"}}), TemplateError);
  EXPECT_THROW(render("$t.charAt(3)", {{"t", "abc"}}), TemplateError);
  EXPECT_THROW(render("$t.replaceAll('(', 'x')", {{"t", "abc"}}), TemplateError);
  EXPECT_THROW(render("$t.contains($missing)", {{"t", "abc"}}), TemplateError);
  // A method that does not exist or does not fit its arguments is null, not an error.
  EXPECT_EQ(render("[$t.noSuchMethod()][$t.substring('x')][$t.length]", {{"t", "abc"}}), "[][][]");
}

TEST(ListMethods, ReadAndModify) {
  EXPECT_EQ(render("#set($l = [3, 1, 2])$l.size()|$l.get(0)|$l.contains(2)|$l.indexOf(2)|$l.isEmpty()|$l.empty"),
            "3|3|true|2|false|false");
  EXPECT_EQ(render("#set($l = [])$l.add('a')$l.add(0, 'b')|$l|$l.set(1, 'c')|$l|$l.remove(0)|$l"),
            "true|[b, a]|a|[b, c]|b|[c]");
  EXPECT_EQ(render("#set($l = ['x'])#set($d = $l.addAll(['y', 'z']))$l|$l.subList(1, 3)|$l.remove('y')|$l"),
            "[x, y, z]|[y, z]|true|[x, z]");
  EXPECT_THROW(render("#set($l = [1])$l.get(5)"), TemplateError);
  EXPECT_THROW(render("#set($l = [1])$l[1]"), TemplateError);
}

TEST(MapMethods, ReadAndModify) {
  EXPECT_EQ(render("#set($m = {'a': 1, 'b': 2})$m.size()|$m.get('a')|$m.containsKey('b')|$m.containsValue(2)|$m.keySet()|$m.values()"),
            "2|1|true|true|[a, b]|[1, 2]");
  EXPECT_EQ(render("#set($m = {'a': 1})#set($d = $m.putAll({'b': 2, 'a': 3}))$m|$m.remove('a')|$m|$m.getOrDefault('z', 0)"),
            "{a=3, b=2}|3|{b=2}|0");
  EXPECT_EQ(render("#set($m = {'k': 'v'})#foreach($e in $m.entrySet())$e.getKey()->$e.getValue() $e#end"), "k->v k=v");
  EXPECT_EQ(render("#set($m = {1: 'int key'})$m.get(1)|[$m.get('1')]"), "int key|[]");
}

TEST(NumberMethods, ConversionsAndEquality) {
  json v = {{"i", 7}, {"d", 2.75}, {"big", 3000000000LL}};
  EXPECT_EQ(render("$i.intValue()|$d.intValue()|$d.longValue()|$i.doubleValue()|$big|$big.intValue()", v),
            "7|2|2|7.0|3000000000|-1294967296");
  EXPECT_EQ(render("$i.equals(7)|$i.equals($big)|$i.toString().length()|$i.compareTo(8)", v), "true|false|1|-1");
}

TEST(Printing, JavaToStringForms) {
  EXPECT_EQ(render("$d|$e|$f|$g|$h", {{"d", 1.0}, {"e", 1e7}, {"f", 0.001}, {"g", 1.5e-5}, {"h", 123456.789}}),
            "1.0|1.0E7|0.001|1.5E-5|123456.789");
  EXPECT_EQ(render("#set($m = {'a': [1, 'x'], 'n': $nothing})$m"), "{a=[1, x], n=null}");  // maps hold nulls
  EXPECT_EQ(render("#set($m = {})#set($d = $m.put('self', $m))$m"), "{self=(this Map)}");
}

TEST(JavaRegexDirect, SplitAndReplaceEdgeCases) {
  using bunker::vtl::JavaRegex;
  EXPECT_EQ(JavaRegex::get("")->split("abc", 0), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(JavaRegex::get(",")->split("", 0), (std::vector<std::string>{""}));
  EXPECT_EQ(JavaRegex::get(",")->split(",a", 0), (std::vector<std::string>{"", "a"}));
  EXPECT_EQ(JavaRegex::get("\\p{Alpha}+")->replace("ab12cd", "_", true, 1000), "_12_");
  EXPECT_EQ(JavaRegex::get("(?<word>[a-z]+)")->replace("ab 12", "<${word}>", true, 1000), "<ab> 12");
  EXPECT_EQ(JavaRegex::get("x")->replace("axb", "\\$1", true, 1000), "a$1b");
  EXPECT_THROW(JavaRegex::get("x")->replace("axb", "$1", true, 1000), TemplateError);
  EXPECT_TRUE(JavaRegex::get(".*four hundred.*")->matches("Error: four hundred here"));
  EXPECT_FALSE(JavaRegex::get("200")->matches("x200"));
  // The same pattern compiles once.
  auto a = JavaRegex::get("cache-me");
  auto b = JavaRegex::get("cache-me");
  EXPECT_EQ(a.get(), b.get());
}
