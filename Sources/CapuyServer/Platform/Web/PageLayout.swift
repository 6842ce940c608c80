import Vapor

/// The layout around every page, written here rather than in a Leaf
/// template that each page extends. Leaf resolved its thirty-odd values and
/// conditions on every request through its serializer: a signed-in page
/// that showed nothing but the layout ran at 29% of /healthz's rate (issue
/// 16, item 8). Leaf renders only the page's own template; every value
/// written here passes through `HTMLText.escape`.
enum PageLayout {
    /// `body` (the page's rendered template) inside the layout.
    static func wrap<B>(_ body: ByteBuffer, _ shell: PageShell<B>, language: Language) -> ByteBuffer {
        let t = Strings.table(language)
        let e = HTMLText.escape
        let s = { (key: String) in e(t[key] ?? key) }
        var top = """
            <!doctype html>
            <html lang="\(e(shell.lang))">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(shell.title)) · capuy</title>
            <link rel="stylesheet" href="/css/app.css">
            </head>
            <body>
            <a class="skip" href="#main">\(s("skip_to_content"))</a>
            <header class="top">
              <a class="brand" href="\(e(shell.nav.home))">capuy</a>

            """
        top += """
              <div class="account">
                <a class="lang" href="\(e(shell.nav.otherLanguage))">\(e(shell.nav.otherLanguageLabel))</a>

            """
        if let user = shell.user {
            top += """
                    <span class="who">\(e(user))</span>
                    <form method="post" action="\(e(shell.nav.logout))" class="inline">
                      <input type="hidden" name="_csrf" value="\(e(shell.csrf))">
                      <button type="submit" class="link" id="logout">\(s("logout"))</button>
                    </form>

                """
        }
        top += "  </div>\n"
        if shell.user != nil { top += menu(shell.nav, s) }
        top += "</header>\n<main id=\"main\">\n"
        if let flash = shell.flash { top += "<p class=\"flash\" role=\"status\">\(e(flash))</p>\n" }
        var bottom = "</main>\n"
        bottom += "<script src=\"/js/page.js\" defer></script>\n"
        if shell.user != nil { bottom += "<script src=\"/js/unit-picker.js\" defer></script>\n" }
        bottom += """
            <footer class="foot">capuy · \(s("footer")) · <a href="\(e(shell.nav.portal))">\(s("portal_title"))</a></footer>
            </body>
            </html>

            """
        var out = ByteBufferAllocator().buffer(capacity: top.utf8.count + body.readableBytes + bottom.utf8.count)
        out.writeString(top)
        out.writeImmutableBuffer(body)
        out.writeString(bottom)
        return out
    }

    /// The signed-in user's menu, grouped by task, in a `<details>` that a
    /// phone keeps closed: open, the old flat menu took a third of the first
    /// screen on every page (issue 17). `page.js` opens it on wide screens;
    /// without the script it still opens with a tap. Cases, inspections and
    /// accounts appear only for those who may see them.
    private static func menu(_ nav: PageNav, _ s: (String) -> String) -> String {
        let groups: [(String, [(String?, String)])] = [
            ("menu_work", [(nav.home, "nav_home"), (nav.inbox, "nav_inbox"), (nav.documents, "nav_documents"), (nav.terms, "nav_terms")]),
            ("menu_units", [(nav.tree, "nav_tree"), (nav.members, "nav_members"), (nav.users, "nav_users")]),
            ("menu_cells", [(nav.meetings, "nav_meetings"), (nav.surveys, "nav_surveys")]),
            ("menu_quality", [(nav.reviews, "nav_reviews"), (nav.commitments, "nav_commitments")]),
            ("menu_oversight", [(nav.cases, "nav_cases"), (nav.inspections, "nav_inspections")]),
        ]
        var html = "  <details class=\"menu-box\" id=\"menu\">\n    <summary>\(s("menu"))</summary>\n"
        html += "    <nav class=\"menu\" aria-label=\"\(s("menu"))\">\n"
        for (title, links) in groups {
            let shown = links.compactMap { url, key in url.map { ($0, key) } }
            guard !shown.isEmpty else { continue }
            html += "      <div class=\"menu-group\"><p class=\"menu-title\">\(s(title))</p>"
            for (url, key) in shown { html += "<a href=\"\(HTMLText.escape(url))\">\(s(key))</a>" }
            html += "</div>\n"
        }
        return html + "    </nav>\n  </details>\n"
    }
}
