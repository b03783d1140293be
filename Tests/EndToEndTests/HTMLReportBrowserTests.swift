import Foundation
import Testing

/// report.html opened in a real browser (headless Chromium from Debian): the page's script runs,
/// reads the filter from the URL fragment and hides what it does not match. Without Chromium
/// the tests fail and say how to install it: they are the only check that the script works.
@Suite("report.html in a browser")
struct HTMLReportBrowserTests {
    /// The Fixtures report (every fixture, damaged and hostile ones included), written once
    /// into the temporary folder (left there for a look after a failure).
    private static let fixtures: Result<URL, Error> = Result {
        let out = try BinaryRunner.temporaryFolder()
        let run = try BinaryRunner.run(["audit", "--as-of", "2026-11-29", "--quiet", "--out", out.path, "Fixtures"])
        guard run.status == 2 else { throw RunFailure(message: "audit Fixtures exited \(run.status): \(run.standardError)") }
        return out
    }

    struct RunFailure: Error { let message: String }

    private static func chromium() -> String? {
        guard let found = ReportTestSupport.program(["chromium", "chromium-browser"]) else {
            Issue.record("Chromium is not installed: run `make deps` (as root: apt-get install chromium)")
            return nil
        }
        return found
    }

    /// The DOM after the page's script ran, the page opened at `fragment`.
    private static func dom(_ page: URL, fragment: String) throws -> String? {
        guard let chromium = chromium() else { return nil }
        let profile = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: profile) }
        let result = try ReportTestSupport.run(
            chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile.path)",
                "--virtual-time-budget=2000", "--dump-dom", page.absoluteString + "#" + fragment,
            ])
        #expect(result.status == 0, "chromium: \(result.error)")
        return result.output
    }

    /// The findings the page shows: `details.f` elements without the `hidden` attribute.
    private static func shownIDs(_ dom: String) -> [String] {
        dom.matches(of: /<details class="f"([^>]*)>/).compactMap { match -> String? in
            let attributes = String(match.output.1)
            guard !attributes.contains(" hidden") else { return nil }
            return attributes.firstMatch(of: /data-id="([0-9a-f]{16})"/).map { String($0.output.1) }
        }
    }

    private static let suppressing: Set<String> = ["false-positive", "accepted"]

    @Test("#severity=high shows exactly the high rows of findings.csv")
    func severityFilterFromTheFragment() throws {
        let out = try Self.fixtures.get()
        let rows = try ReportTestSupport.csvRows(out.appendingPathComponent("findings.csv"))
        let high = rows.filter { $0["severity"] == "high" && !Self.suppressing.contains($0["triage"] ?? "") }.compactMap {
            $0["finding_id"]
        }
        #expect(high.count > 3, "the fixtures have high findings")
        #expect(high.count < rows.count, "and others, which the filter must hide")
        guard let dom = try Self.dom(out.appendingPathComponent("report.html"), fragment: "severity=high") else { return }
        // The script ran: it showed the filters and counted what it shows.
        #expect(dom.contains("<form id=\"filters\">"), "the filter form is still hidden: the script did not run")
        #expect(dom.contains("<b id=\"shown\">\(high.count) / \(rows.count)</b>"))
        #expect(Self.shownIDs(dom).sorted() == high.sorted())
    }

    @Test("#company=… shows that company's findings, as a link from the cases table does")
    func companyFilterFromTheFragment() throws {
        let out = try Self.fixtures.get()
        let rows = try ReportTestSupport.csvRows(out.appendingPathComponent("findings.csv"))
        let company = "0100000005"
        let expected = rows.filter { $0["tax_code"] == company }.compactMap { $0["finding_id"] }
        #expect(expected.count == 4)
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("<a href=\"#company=\(company)\">"))
        guard let dom = try Self.dom(out.appendingPathComponent("report.html"), fragment: "company=\(company)&severity=review")
        else { return }
        let review = rows.filter { $0["tax_code"] == company && $0["severity"] == "review" }.compactMap { $0["finding_id"] }
        #expect(review.count == 3)
        #expect(Self.shownIDs(dom).sorted() == review.sorted())
    }

    @Test("#sort=value-desc puts the findings with the largest value_vnd first")
    func sortByValue() throws {
        let out = try Self.fixtures.get()
        guard let dom = try Self.dom(out.appendingPathComponent("report.html"), fragment: "sort=value-desc") else { return }
        let values = dom.matches(of: /<details class="f"[^>]* data-value="([^"]*)"/).map { Double($0.output.1) }
        let valued = values.prefix { $0 != nil }.compactMap { $0 }
        #expect(valued.count >= 4, "the fixtures carry value_vnd on a few lines")
        #expect(valued == valued.sorted(by: >))
        #expect(values.dropFirst(valued.count).allSatisfy { $0 == nil }, "lines without a value come last")
        #expect(valued.first == 408_000_000)
    }

    @Test("no request leaves the file: no http: or https: resource, and the page forbids any")
    func nothingLeavesTheFile() throws {
        let out = try Self.fixtures.get()
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"))
        // Every tag's markup: no attribute may name a remote resource (text may mention URLs).
        for tag in html.matches(of: /<[a-zA-Z][^>]*>/) {
            #expect(
                tag.output.firstMatch(of: /(src|href|action|srcset|poster|data)\s*=\s*["']?\s*(https?:|\/\/)/) == nil,
                "\(tag.output)")
        }
        #expect(html.firstMatch(of: /url\(|@import|<link|<iframe|<img|<object|<embed/) == nil)
        guard let dom = try Self.dom(out.appendingPathComponent("report.html"), fragment: "") else { return }
        #expect(dom.firstMatch(of: /(src|href)="https?:/) == nil)
    }

    @Test("the inspector's decisions download as the CSV that triage import reads")
    func triageDownload() throws {
        let out = try Self.fixtures.get()
        let rows = try ReportTestSupport.csvRows(out.appendingPathComponent("findings.csv"))
        let first = try #require(rows.first?["finding_id"])
        let second = try #require(rows.last?["finding_id"])
        // What an inspector does, done by a script added to a copy of the page: open two
        // findings, decide, and press the download button; the Blob's text is put in the DOM.
        let actions = """
            <script>
            (function(){
            var csv=null;URL.createObjectURL=function(blob){blob.text().then(function(t){document.body.setAttribute("data-csv",t);});return "blob:test";};
            document.getElementById("inspector").value="Nguyễn Văn An";
            function decide(id,status,note,until){var d=document.querySelector('details[data-id="'+id+'"]');d.open=true;
            setTimeout(function(){var box=d.querySelector(".decide");box.querySelector("select").value=status;var ins=box.querySelectorAll("input");
            ins[0].value=note;ins[2].value=until;box.dispatchEvent(new Event("input",{bubbles:true}));},0);}
            decide("\(first)","false-positive",'Hàng mới, mô tả sai, "đã kiểm tra"',"2027-01-31");
            decide("\(second)","confirmed","","");
            setTimeout(function(){document.getElementById("download").click();},50);
            })();
            </script>
            """
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        let page = out.appendingPathComponent("triage.html")
        try html.replacingOccurrences(of: "</body>", with: actions + "</body>").write(to: page, atomically: true, encoding: .utf8)
        guard let dom = try Self.dom(page, fragment: "") else { return }
        let csv = try #require(dom.firstMatch(of: /data-csv="([^"]*)"/)?.output.1, "no CSV was built")
        let text = String(csv).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        let expected = [
            "finding_id,status,note,by,until",
            "\(first),false-positive,\"Hàng mới, mô tả sai, \"\"đã kiểm tra\"\"\",Nguyễn Văn An,2027-01-31",
            "\(second),confirmed,,Nguyễn Văn An,",
        ].sorted { $0.hasPrefix("finding_id") || (!$1.hasPrefix("finding_id") && $0 < $1) }
        #expect(text == expected.joined(separator: "\n") + "\n")
    }

    @Test("suppressed findings are hidden until asked for")
    func suppressedHidden() throws {
        // The fixtures carry no triage: a page with a suppressed finding is made here.
        let out = try Self.fixtures.get()
        var html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        let rows = try ReportTestSupport.csvRows(out.appendingPathComponent("findings.csv"))
        let target = try #require(rows.first { $0["severity"] == "high" }?["finding_id"])
        let marker = "data-id=\"\(target)\""
        let range = try #require(html.range(of: marker))
        let tail = html[range.upperBound...]
        let flag = try #require(tail.range(of: "data-suppressed=\"0\""))
        html.replaceSubrange(flag, with: "data-suppressed=\"1\"")
        let page = out.appendingPathComponent("suppressed.html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        guard let hidden = try Self.dom(page, fragment: "severity=high"),
            let shown = try Self.dom(page, fragment: "severity=high&suppressed=1")
        else { return }
        #expect(!Self.shownIDs(hidden).contains(target))
        #expect(Self.shownIDs(shown).contains(target))
    }
}
