#include "vtl/runtime.h"

#include <cmath>

#include "vtl/parser.h"
#include "vtl/template.h"

namespace bunker::vtl {

namespace {

using namespace ast;

// $foreach: the loop's scope object (Velocity 1.7's ForeachScope).
class ForeachScope : public HostObject {
 public:
  explicit ForeachScope(Value parent) : parent_(std::move(parent)) {}
  std::string_view type_name() const override { return "ForeachScope"; }

  Value property(std::string_view name, Runtime&) override {
    if (name == "index") return Value::int32(index);
    if (name == "count") return Value::int32(index + 1);
    if (name == "hasNext") return Value::boolean(has_next);
    if (name == "first") return Value::boolean(index == 0);
    if (name == "last") return Value::boolean(!has_next);
    if (name == "parent") return parent_;
    if (name == "topmost") {
      Value v = Value::object(self_.lock());
      while (v.is_object()) {
        auto* fs = dynamic_cast<ForeachScope*>(&v.as_object());
        if (!fs || fs->parent_.is_null()) break;
        v = fs->parent_;
      }
      return v;
    }
    return Value();
  }

  std::optional<Value> call(std::string_view name, std::span<const Value> args, Runtime& rt) override {
    if (!args.empty()) return std::nullopt;
    if (name == "hasNext" || name == "getHasNext") return property("hasNext", rt);
    if (name == "getIndex") return property("index", rt);
    if (name == "getCount") return property("count", rt);
    if (name == "isFirst" || name == "getFirst") return property("first", rt);
    if (name == "isLast" || name == "getLast") return property("last", rt);
    if (name == "getParent") return parent_;
    if (name == "getTopmost") return property("topmost", rt);
    return std::nullopt;
  }

  std::int32_t index = 0;
  bool has_next = false;
  std::weak_ptr<HostObject> self_;

 private:
  Value parent_;
};

// $block from #define: renders its body whenever it is printed.
class DefineBlock : public HostObject {
 public:
  DefineBlock(const Block* body, std::shared_ptr<const TemplateAst> keep) : body_(body), keep_(std::move(keep)) {}
  std::string_view type_name() const override { return "Block"; }
  std::string to_string(Runtime* rt) const override { return rt ? rt->render_define(*body_) : std::string(); }

 private:
  const Block* body_;
  std::shared_ptr<const TemplateAst> keep_;
};

bool same_class(const Value& a, const Value& b) {
  if (a.kind() == b.kind()) {
    if (a.is_object()) return a.as_object().type_name() == b.as_object().type_name();
    return true;
  }
  return false;
}

int compare_numbers(const Value& a, const Value& b) {
  if (a.is_integral() && b.is_integral()) {
    auto x = a.as_int64();
    auto y = b.as_int64();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  double x = a.as_double();
  double y = b.as_double();
  return x < y ? -1 : x > y ? 1 : 0;
}

// Velocity's MathUtils for integers: the result keeps the wider operand type unless
// it no longer fits, then widens (Integer → Long; beyond Long we fall back to Double
// where Velocity would use BigInteger).
Value integer_result(__int128 r, const Value& a, const Value& b) {
  bool wide = a.kind() == ValueKind::Long || b.kind() == ValueKind::Long;
  if (!wide && r >= INT32_MIN && r <= INT32_MAX) return Value::int32(static_cast<std::int32_t>(r));
  if (r >= INT64_MIN && r <= INT64_MAX) return Value::int64(static_cast<std::int64_t>(r));
  return Value::number(static_cast<double>(r));
}

}  // namespace

// ---- truthiness and equality ----

bool truthy(const Value& v) {
  if (v.is_null()) return false;
  if (v.is_bool()) return v.as_bool();
  return true;
}

bool java_equals(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case ValueKind::Null: return true;
    case ValueKind::Bool: return a.as_bool() == b.as_bool();
    case ValueKind::Int:
    case ValueKind::Long: return a.as_int64() == b.as_int64();
    case ValueKind::Double: return a.as_double() == b.as_double() || (std::isnan(a.as_double()) && std::isnan(b.as_double()));
    case ValueKind::String: return a.as_string() == b.as_string();
    case ValueKind::List: {
      if (a.identity() == b.identity()) return true;
      const auto& x = a.as_list().items;
      const auto& y = b.as_list().items;
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!java_equals(x[i], y[i])) return false;
      }
      return true;
    }
    case ValueKind::Map: {
      if (a.identity() == b.identity()) return true;
      const Map& x = a.as_map();
      const Map& y = b.as_map();
      if (x.size() != y.size()) return false;
      for (const auto& [k, v] : x.entries()) {
        const Value* other = y.find(k);
        if (!other || !java_equals(v, *other)) return false;
      }
      return true;
    }
    case ValueKind::Object: return a.identity() == b.identity();
  }
  return false;
}

bool template_equals(const Value& a, const Value& b, Runtime& rt) {
  if (a.is_null() && b.is_null()) return true;
  // Recorded on AWS: an undefined reference equals "" (stock Velocity says false).
  if (a.is_null()) return rt.java_string(b).empty();
  if (b.is_null()) return rt.java_string(a).empty();
  if (a.is_number() && b.is_number()) return compare_numbers(a, b) == 0;
  if (same_class(a, b)) return java_equals(a, b);
  return rt.java_string(a) == rt.java_string(b);
}

// ---- Context ----

void Context::set(std::string_view name, Value v) {
  auto it = vars_.find(name);
  if (it != vars_.end()) {
    it->second = std::move(v);
  } else {
    vars_.emplace(std::string(name), std::move(v));
  }
}

const Value* Context::get(std::string_view name) const {
  auto it = vars_.find(name);
  return it == vars_.end() ? nullptr : &it->second;
}

void Context::erase(std::string_view name) {
  auto it = vars_.find(name);
  if (it != vars_.end()) vars_.erase(it);
}

Value Context::make_list(ListStyle style) {
  Heap::Scope scope(heap_);
  return Value::new_list(style);
}

Value Context::make_map() {
  Heap::Scope scope(heap_);
  return Value::new_map();
}

Value Context::adopt_json(const nlohmann::json& j) {
  Heap::Scope scope(heap_);
  return from_nlohmann(j);
}

// ---- Template ----

Template Template::parse(std::string_view text, const ParseOptions& options) {
  auto ast = std::make_shared<TemplateAst>();
  ast->root = parse_template(text, options, ast->macros);
  return Template(std::move(ast));
}

std::string Template::render(Context& ctx, const Limits& limits) const {
  std::string out;
  render_to(ctx, out, limits);
  return out;
}

void Template::render_to(Context& ctx, std::string& out, const Limits& limits) const {
  Heap::Scope scope(ctx.heap());
  Runtime rt(ctx, limits, ast_);
  rt.run(out);
}

// ---- Runtime ----

Runtime::Runtime(Context& ctx, const Limits& limits, std::shared_ptr<const TemplateAst> tpl)
    : ctx_(ctx), limits_(limits), tpl_(std::move(tpl)) {}

Runtime::DepthGuard::DepthGuard(Runtime& r) : rt(r) {
  if (++rt.depth_ > rt.limits_.max_depth) {
    --rt.depth_;
    rt.fail("maximum nesting depth (" + std::to_string(rt.limits_.max_depth) + ") exceeded",
            TemplateError::Kind::Limit);
  }
}

void Runtime::run(std::string& out) {
  Out o{out, out.size(), limits_.max_output_bytes};
  render_block(tpl_->root, o);
}

void Runtime::step(std::uint64_t n) {
  steps_ += n;
  if (steps_ > limits_.max_steps) fail("template exceeded its work limit", TemplateError::Kind::Limit);
}

void Runtime::check_string(std::size_t bytes) const {
  if (bytes > limits_.max_string_bytes) fail("string exceeds the size limit", TemplateError::Kind::Limit);
}

void Runtime::check_collection(std::size_t elements) const {
  if (elements > limits_.max_collection_size) {
    fail("collection exceeds " + std::to_string(limits_.max_collection_size) + " elements",
         TemplateError::Kind::Limit);
  }
}

PrintBudget Runtime::print_budget() { return PrintBudget{this, limits_.max_print_depth, limits_.max_string_bytes}; }

void Runtime::append_text(std::string& out, const Value& v) {
  switch (v.kind()) {
    case ValueKind::Null: return;
    case ValueKind::String: out += v.as_string(); return;
    default: {
      step(1);
      std::string s;
      append_java_text(s, v, print_budget());
      out += s;
    }
  }
}

std::string Runtime::text_of(const Value& v) {
  if (v.is_string()) return v.as_string();
  std::string s;
  append_text(s, v);
  return s;
}

std::string Runtime::java_string(const Value& v) {
  if (v.is_string()) return v.as_string();
  return to_java_text(v, print_budget());
}

void Runtime::fail(std::string message, TemplateError::Kind kind) const {
  throw TemplateError(kind, std::move(message), pos_.line, pos_.column);
}

std::string Runtime::render_define(const Block& body) {
  DepthGuard g(*this);
  std::string s;
  Out o{s, 0, limits_.max_string_bytes};
  render_block(body, o);
  return s;
}

void Runtime::emit(Out& out, std::string_view text) {
  out.s.append(text);
  if (out.s.size() - out.base > out.cap) {
    fail(out.cap == limits_.max_output_bytes ? "rendered output exceeds the size limit"
                                             : "string exceeds the size limit",
         TemplateError::Kind::Limit);
  }
}

const Value* Runtime::lookup(std::string_view name) const {
  for (auto it = frames_.rbegin(); it != frames_.rend(); ++it) {
    auto f = it->find(std::string(name));
    if (f != it->end()) return &f->second;
  }
  return ctx_.get(name);
}

void Runtime::set_var(std::string_view name, Value v) {
  for (auto it = frames_.rbegin(); it != frames_.rend(); ++it) {
    auto f = it->find(std::string(name));
    if (f != it->end()) {
      f->second = std::move(v);
      return;
    }
  }
  ctx_.set(name, std::move(v));
}

void Runtime::erase_var(std::string_view name) {
  for (auto it = frames_.rbegin(); it != frames_.rend(); ++it) {
    auto f = it->find(std::string(name));
    if (f != it->end()) {
      it->erase(f);
      return;
    }
  }
  ctx_.erase(name);
}

const Macro* Runtime::find_macro(std::string_view name) const {
  std::string key(name);
  if (auto it = runtime_macros_.find(key); it != runtime_macros_.end()) return it->second.get();
  if (auto it = tpl_->macros.find(key); it != tpl_->macros.end()) return it->second.get();
  return nullptr;
}

Runtime::Flow Runtime::render_block(const Block& b, Out& out) {
  for (const Stmt& st : b.stmts) {
    Flow f = render_stmt(st, out);
    if (f != Flow::Normal) return f;
  }
  return Flow::Normal;
}

Runtime::Flow Runtime::render_stmt(const Stmt& st, Out& out) {
  step();
  switch (st.kind) {
    case Stmt::Kind::Text: emit(out, st.text); return Flow::Normal;
    case Stmt::Kind::Ref: {
      pos_ = st.pos;
      Value v = eval_ref(*st.ref);
      int k = st.backslashes;
      std::string text(static_cast<std::size_t>(k / 2), '\\');
      if (k % 2 == 1) {
        // \$foo prints "$foo" when foo is defined, and stays as written when it is not.
        if (v.is_null()) text.assign(static_cast<std::size_t>(k), '\\');
        text += st.ref->source;
      } else {
        append_text(text, v);
      }
      emit(out, text);
      return Flow::Normal;
    }
    case Stmt::Kind::Set: {
      pos_ = st.pos;
      Value v = eval(*st.exprs[0]);
      if (v.is_null()) return Flow::Normal;  // Velocity 1.7: a null value is not assigned
      assign(*st.ref, std::move(v));
      return Flow::Normal;
    }
    case Stmt::Kind::If: {
      for (std::size_t i = 0; i < st.exprs.size(); ++i) {
        pos_ = st.exprs[i]->pos;
        if (truthy(eval(*st.exprs[i]))) return render_block(st.blocks[i], out);
      }
      if (st.has_else) return render_block(st.blocks.back(), out);
      return Flow::Normal;
    }
    case Stmt::Kind::Foreach: return render_foreach(st, out);
    case Stmt::Kind::Break: return Flow::Break;
    case Stmt::Kind::Stop: return Flow::Stop;
    case Stmt::Kind::MacroCall: return render_macro(st, out);
    case Stmt::Kind::Define: {
      set_var(st.name, Value::object(std::make_shared<DefineBlock>(&st.blocks[0], tpl_)));
      return Flow::Normal;
    }
    case Stmt::Kind::Evaluate: return render_evaluate(st, out);
    case Stmt::Kind::Unsupported:
      pos_ = st.pos;
      fail("#" + st.name + " is not supported in mapping templates", TemplateError::Kind::Unsupported);
  }
  return Flow::Normal;
}

Runtime::Flow Runtime::render_foreach(const Stmt& st, Out& out) {
  pos_ = st.pos;
  Value src = eval(*st.exprs[0]);
  std::vector<Value> items;
  switch (src.kind()) {
    case ValueKind::List: items = src.as_list().items; break;
    case ValueKind::Map:
      items.reserve(src.as_map().size());
      for (const auto& [k, v] : src.as_map().entries()) items.push_back(v);
      break;
    case ValueKind::Object:
      if (auto it = src.as_object().iterate(*this)) items = std::move(*it);
      break;
    default: break;  // null, strings and numbers are not iterable: no iterations
  }
  if (items.empty()) return Flow::Normal;
  if (items.size() > limits_.max_foreach_iterations) {
    if (!limits_.truncate_foreach) {
      fail("#foreach exceeds " + std::to_string(limits_.max_foreach_iterations) + " iterations",
           TemplateError::Kind::Limit);
    }
    items.resize(limits_.max_foreach_iterations);
  }
  step(items.size());

  auto saved = [&](std::string_view name) -> std::optional<Value> {
    const Value* v = lookup(name);
    return v ? std::optional<Value>(*v) : std::nullopt;
  };
  std::optional<Value> old_var = saved(st.name);
  std::optional<Value> old_scope = saved("foreach");
  std::optional<Value> old_count = saved("velocityCount");
  std::optional<Value> old_has_next = saved("velocityHasNext");

  auto scope = std::make_shared<ForeachScope>(old_scope.value_or(Value()));
  scope->self_ = scope;
  set_var("foreach", Value::object(scope));
  Flow result = Flow::Normal;
  for (std::size_t i = 0; i < items.size(); ++i) {
    scope->index = static_cast<std::int32_t>(i);
    scope->has_next = i + 1 < items.size();
    set_var(st.name, items[i]);
    set_var("velocityCount", Value::int32(static_cast<std::int32_t>(i + 1)));
    set_var("velocityHasNext", Value::boolean(scope->has_next));
    Flow f = render_block(st.blocks[0], out);
    if (f == Flow::Break) break;
    if (f == Flow::Stop) {
      result = Flow::Stop;
      break;
    }
  }
  auto restore = [&](std::string_view name, const std::optional<Value>& v) {
    if (v) {
      set_var(name, *v);
    } else {
      erase_var(name);
    }
  };
  restore(st.name, old_var);
  restore("foreach", old_scope);
  restore("velocityCount", old_count);
  restore("velocityHasNext", old_has_next);
  return result;
}

Runtime::Flow Runtime::render_macro(const Stmt& st, Out& out) {
  pos_ = st.pos;
  const Macro* m = find_macro(st.name);
  if (!m) {
    emit(out, st.text);  // no such macro: Velocity prints the call as written
    return Flow::Normal;
  }
  std::unordered_map<std::string, Value> frame;
  for (std::size_t i = 0; i < m->params.size(); ++i) {
    frame[m->params[i]] = i < st.exprs.size() ? eval(*st.exprs[i]) : Value();
  }
  DepthGuard g(*this);
  frames_.push_back(std::move(frame));
  Flow f;
  try {
    f = render_block(m->body, out);
  } catch (...) {
    frames_.pop_back();
    throw;
  }
  frames_.pop_back();
  return f == Flow::Stop ? Flow::Stop : Flow::Normal;
}

Runtime::Flow Runtime::render_evaluate(const Stmt& st, Out& out) {
  pos_ = st.pos;
  Value v = eval(*st.exprs[0]);
  if (v.is_null()) return Flow::Normal;
  std::string text = java_string(v);
  DepthGuard g(*this);
  auto ast = std::make_shared<TemplateAst>();
  ParseOptions po;
  ast->root = parse_template(text, po, runtime_macros_);
  evaluated_.push_back(ast);
  Flow f = render_block(ast->root, out);
  return f == Flow::Stop ? Flow::Stop : Flow::Normal;
}

// ---- expressions ----

Value Runtime::eval(const Expr& e) {
  step();
  switch (e.kind) {
    case Expr::Kind::Literal: return e.literal;
    case Expr::Kind::Interpolated: return Value::string(render_interpolated(*e.interp));
    case Expr::Kind::Ref: {
      pos_ = e.pos;
      return eval_ref(*e.ref);
    }
    case Expr::Kind::List: {
      check_collection(e.items.size());
      Value l = Value::new_list();
      auto& items = l.as_list().items;
      items.reserve(e.items.size());
      for (const auto& item : e.items) items.push_back(eval(*item));
      return l;
    }
    case Expr::Kind::Map: {
      Value m = Value::new_map();
      for (std::size_t i = 0; i + 1 < e.items.size(); i += 2) {
        Value k = eval(*e.items[i]);
        Value v = eval(*e.items[i + 1]);
        m.as_map().put(std::move(k), std::move(v));
      }
      return m;
    }
    case Expr::Kind::Range: {
      Value from = eval(*e.items[0]);
      Value to = eval(*e.items[1]);
      pos_ = e.pos;
      if (!from.is_number() || !to.is_number()) return Value();  // Velocity logs and yields null
      auto a = static_cast<std::int64_t>(from.is_integral() ? from.as_int64() : static_cast<std::int64_t>(from.as_double()));
      auto b = static_cast<std::int64_t>(to.is_integral() ? to.as_int64() : static_cast<std::int64_t>(to.as_double()));
      __int128 span = a <= b ? static_cast<__int128>(b) - a : static_cast<__int128>(a) - b;
      if (span + 1 > static_cast<__int128>(limits_.max_collection_size)) {
        check_collection(limits_.max_collection_size + 1);
      }
      auto n = static_cast<std::uint64_t>(span + 1);
      step(n);
      Value l = Value::new_list();
      auto& items = l.as_list().items;
      items.reserve(n);
      for (std::int64_t x = a;; x += (a <= b ? 1 : -1)) {
        items.push_back(Value::integral(x));
        if (x == b) break;
      }
      return l;
    }
    case Expr::Kind::Not: return Value::boolean(!truthy(eval(*e.items[0])));
    case Expr::Kind::Binary: return eval_binary(e);
  }
  return Value();
}

std::string Runtime::render_interpolated(const Block& b) {
  std::string s;
  Out o{s, 0, limits_.max_string_bytes};
  DepthGuard g(*this);
  Flow f = render_block(b, o);
  (void)f;
  return s;
}

Value Runtime::eval_binary(const Expr& e) {
  BinOp op = e.op;
  if (op == BinOp::And) {
    if (!truthy(eval(*e.items[0]))) return Value::boolean(false);
    return Value::boolean(truthy(eval(*e.items[1])));
  }
  if (op == BinOp::Or) {
    if (truthy(eval(*e.items[0]))) return Value::boolean(true);
    return Value::boolean(truthy(eval(*e.items[1])));
  }
  Value a = eval(*e.items[0]);
  Value b = eval(*e.items[1]);
  pos_ = e.pos;
  switch (op) {
    case BinOp::Eq: return Value::boolean(template_equals(a, b, *this));
    case BinOp::Ne: return Value::boolean(!template_equals(a, b, *this));
    case BinOp::Lt:
    case BinOp::Le:
    case BinOp::Gt:
    case BinOp::Ge: {
      if (!a.is_number() || !b.is_number()) return Value::boolean(false);  // Velocity 1.7 compares numbers only
      if ((a.kind() == ValueKind::Double && std::isnan(a.as_double())) ||
          (b.kind() == ValueKind::Double && std::isnan(b.as_double()))) {
        return Value::boolean(false);
      }
      int c = compare_numbers(a, b);
      bool r = op == BinOp::Lt ? c < 0 : op == BinOp::Le ? c <= 0 : op == BinOp::Gt ? c > 0 : c >= 0;
      return Value::boolean(r);
    }
    default: break;
  }
  if (op == BinOp::Add && (a.is_string() || b.is_string())) {
    std::string s = text_of(a);
    std::string t = text_of(b);
    check_string(s.size() + t.size());
    return Value::string(s + t);
  }
  if (!a.is_number() || !b.is_number()) return Value();
  if (a.is_integral() && b.is_integral()) {
    __int128 x = a.as_int64();
    __int128 y = b.as_int64();
    switch (op) {
      case BinOp::Add: return integer_result(x + y, a, b);
      case BinOp::Sub: return integer_result(x - y, a, b);
      case BinOp::Mul: return integer_result(x * y, a, b);
      case BinOp::Div:
        if (y == 0) return Value();
        return integer_result(x / y, a, b);
      case BinOp::Mod:
        if (y == 0) return Value();
        return integer_result(x % y, a, b);
      default: return Value();
    }
  }
  double x = a.as_double();
  double y = b.as_double();
  switch (op) {
    case BinOp::Add: return Value::number(x + y);
    case BinOp::Sub: return Value::number(x - y);
    case BinOp::Mul: return Value::number(x * y);
    case BinOp::Div:
      if (y == 0) return Value();
      return Value::number(x / y);
    case BinOp::Mod:
      if (y == 0) return Value();
      return Value::number(std::fmod(x, y));
    default: return Value();
  }
}

Value Runtime::eval_ref(const Reference& r) {
  const Value* root = lookup(r.root);
  Value v = root ? *root : Value();
  std::vector<Value> args;
  for (const RefStep& s : r.steps) {
    if (v.is_null()) return Value();
    switch (s.kind) {
      case RefStep::Kind::Property:
        pos_ = s.pos;
        v = get_property(*this, v, s.name);
        break;
      case RefStep::Kind::Method: {
        args.clear();
        for (const auto& a : s.args) args.push_back(eval(*a));
        pos_ = s.pos;
        step();
        auto res = call_method(*this, v, s.name, args);
        v = res ? std::move(*res) : Value();
        break;
      }
      case RefStep::Kind::Index: {
        Value idx = eval(*s.args[0]);
        pos_ = s.pos;
        v = get_index(*this, v, idx);
        break;
      }
    }
  }
  return v;
}

void Runtime::assign(const Reference& r, Value v) {
  if (r.steps.empty()) {
    set_var(r.root, std::move(v));
    return;
  }
  const Value* root = lookup(r.root);
  Value target = root ? *root : Value();
  std::vector<Value> args;
  for (std::size_t i = 0; i + 1 < r.steps.size() && !target.is_null(); ++i) {
    const RefStep& s = r.steps[i];
    pos_ = s.pos;
    switch (s.kind) {
      case RefStep::Kind::Property: target = get_property(*this, target, s.name); break;
      case RefStep::Kind::Method: {
        args.clear();
        for (const auto& a : s.args) args.push_back(eval(*a));
        auto res = call_method(*this, target, s.name, args);
        target = res ? std::move(*res) : Value();
        break;
      }
      case RefStep::Kind::Index: target = get_index(*this, target, eval(*s.args[0])); break;
    }
  }
  if (target.is_null()) return;  // Velocity logs and ignores assignments through null
  const RefStep& last = r.steps.back();
  pos_ = last.pos;
  if (last.kind == RefStep::Kind::Property) {
    set_property(*this, target, last.name, std::move(v));
  } else if (last.kind == RefStep::Kind::Index) {
    set_index(*this, target, eval(*last.args[0]), std::move(v));
  }
}

}  // namespace bunker::vtl
