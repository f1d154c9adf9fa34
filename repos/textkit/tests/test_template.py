import unittest

from textkit.template import Template, TemplateSyntaxError, UndefinedError, render


class TestTemplateOutput(unittest.TestCase):
    def test_variable_with_filter_chain(self):
        self.assertEqual(render("Hi {{ user.name|trim|title }}!", user={"name": " ada lovelace "}), "Hi Ada Lovelace!")

    def test_missing_variable_renders_empty_unless_strict(self):
        self.assertEqual(render("[{{ nope.deeper }}]"), "[]")
        with self.assertRaises(UndefinedError):
            Template("{{ nope }}", strict=True).render()

    def test_filter_arguments_index_and_attribute_lookup(self):
        out = render('{{ xs|join("-") }} {{ xs.1 }} {{ empty|default("n/a") }} {{ flag|yesno("on", "off") }}',
                     xs=[1, 2, 3], empty="", flag="true")
        self.assertEqual(out, "1-2-3 2 n/a on")
        class Point:
            x = 3
        self.assertEqual(render("x={{ p.x }}", p=Point()), "x=3")

    def test_autoescape_and_comments(self):
        self.assertEqual(Template("{{ v }}", autoescape=True).render(v="<b>&</b>"), "&lt;b&gt;&amp;&lt;/b&gt;")
        self.assertEqual(render("a{# hidden {{ x }} #}b"), "ab")


class TestTemplateBlocks(unittest.TestCase):
    def test_if_elif_else_and_membership(self):
        tpl = Template("{% if n >= 18 and not banned %}adult{% elif n < 0 %}invalid{% else %}minor{% endif %}")
        self.assertEqual(tpl.render(n=30, banned=False), "adult")
        self.assertEqual(tpl.render(n=30, banned=True), "minor")
        self.assertEqual(tpl.render(n=-1), "invalid")
        tpl = Template("{% if role in roles %}yes{% endif %}{% if role not in roles %}no{% endif %}")
        self.assertEqual(tpl.render(role="admin", roles=["admin"]), "yes")
        self.assertEqual(tpl.render(role="guest", roles=["admin"]), "no")

    def test_for_loop_variables_and_else_branch(self):
        out = render("{% for x in xs %}{{ loop.index }}:{{ x }}{% if not loop.last %}, {% endif %}{% endfor %}",
                     xs=["a", "b", "c"])
        self.assertEqual(out, "1:a, 2:b, 3:c")
        self.assertEqual(render("{% for x in xs %}{{ x }}{% else %}empty{% endfor %}", xs=[]), "empty")

    def test_nested_blocks(self):
        src = "{% for row in rows %}{% if row.ok %}+{% else %}{% for c in row.cs %}{{ c }}{% endfor %}{% endif %}{% endfor %}"
        self.assertEqual(render(src, rows=[{"ok": True}, {"ok": False, "cs": "xy"}, {"ok": True}]), "+xy+")


class TestTemplateErrors(unittest.TestCase):
    def test_unclosed_block_reports_opening_line(self):
        with self.assertRaises(TemplateSyntaxError) as ctx:
            Template("line1\n{% if x %}\nbody")
        self.assertEqual(ctx.exception.line, 2)

    def test_mismatched_end_tag_unknown_filter_and_tag(self):
        with self.assertRaises(TemplateSyntaxError):
            Template("{% if x %}{% endfor %}")
        with self.assertRaises(TemplateSyntaxError):
            Template("{{ x|shout }}")
        with self.assertRaises(TemplateSyntaxError):
            Template("{% include 'x' %}")

    def test_bad_expression_reports_line(self):
        with self.assertRaises(TemplateSyntaxError) as ctx:
            Template("ok\nok\n{{ a b }}")
        self.assertEqual(ctx.exception.line, 3)


if __name__ == "__main__":
    unittest.main()
