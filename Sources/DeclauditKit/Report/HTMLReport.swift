/// report.html: one self-contained page for the inspector (contract, "Reports for people").
/// The summary, the cases and the findings are plain HTML; an inline script adds the filters,
/// the sorting and the triage download. Nothing is loaded from anywhere (the page's
/// Content-Security-Policy forbids it), and the script carries no data: every text from the
/// inputs is HTML-escaped into elements and attributes, so no input can become code.
public enum HTMLReport {
    /// Findings in the page at most; the workbook and the CSV hold all of them.
    public static let findingCap = 20_000

    /// Streams the page into `file`: the findings are read from the list once per severity and
    /// never gathered.
    static func write(
        _ result: AuditResult, overview: ReportOverview, language: ReportLanguage, to file: OutputFile
    ) {
        var page = HTMLSink(file: file)
        emit(result, overview, language.texts, findingCap, into: &page)
        _ = page.finish()
    }

    static func emit(
        _ result: AuditResult, _ overview: ReportOverview, _ t: ReportTexts, _ cap: Int,
        into page: inout HTMLSink
    ) {
        page.raw("<!DOCTYPE html>\n<html lang=\"\(t.htmlLang)\">\n<head>\n<meta charset=\"utf-8\">\n")
        page.raw(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
        )
        page.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        page.text("\(t.title) \(result.asOf)")
        page.raw("</title>\n<style>\(style)</style>\n</head>\n<body>\n")
        emitTexts(t, into: &page)
        page.raw("<header><h1>")
        page.text(t.title)
        page.raw("</h1></header>\n<main>\n")
        emitRun(result, overview, t, into: &page)
        emitCases(overview, t, into: &page)
        emitFindings(result, t, cap, into: &page)
        emitResolved(result.resolved, t, into: &page)
        emitFailedInputs(result, t, into: &page)
        page.raw("</main>\n<script>\(script)</script>\n</body>\n</html>\n")
    }

    /// The script's words, as attributes: the script itself stays the same in every language.
    private static func emitTexts(_ t: ReportTexts, into page: inout HTMLSink) {
        page.raw("<div id=\"texts\" hidden")
        for (name, value) in [
            ("shown", t.shown), ("status", t.status), ("note", t.triageNote), ("by", t.inspector),
            ("until", t.until), ("decisions", t.decisions),
        ] {
            page.raw(" data-\(name)=\"")
            page.text(value)
            page.raw("\"")
        }
        page.raw("></div>\n")
    }

    private static func emitRun(_ result: AuditResult, _ overview: ReportOverview, _ t: ReportTexts, into page: inout HTMLSink) {
        let failed = result.failedInputs
        page.raw("<section id=\"run\"><h2>")
        page.text(t.run)
        page.raw("</h2>\n<dl class=\"run\">")
        definition(t.asOf, result.asOf, into: &page)
        definition(t.tool, "\(JSONReport.toolName) \(JSONReport.toolVersion)", into: &page)
        var list = result.list.name
        if let effective = result.list.metadata.effectiveDate { list += " (\(t.listEffective) \(effective))" }
        list += ", \(result.list.entries.count) \(t.listEntries), sha256 \(result.list.sha256.prefix(12))"
        definition(t.list, list, into: &page)
        definition(
            t.inputs, "\(result.inputs.count - failed) \(t.inputsRead), \(failed) \(t.inputsFailed)", into: &page,
            alert: failed > 0)
        definition(t.declarations, String(result.declarations), into: &page)
        definition(t.items, String(result.items), into: &page)
        definition(t.findings, String(result.findings.count), into: &page)
        definition(t.suppressed, "\(overview.suppressed): \(t.suppressedNote)", into: &page)
        page.raw("</dl>\n<div class=\"counts\">\n")
        countTable(
            t.bySeverity, t,
            Severity.allCases.sorted(by: >).map {
                ($0.rawValue, t.severityMeaning[$0] ?? "", result.count(of: $0), "sev-\($0.rawValue)")
            }, into: &page)
        countTable(
            t.byRule, t, RuleID.allCases.map { ($0.rawValue, t.ruleMeaning[$0] ?? "", result.count(of: $0), "") }, into: &page)
        countTable(
            t.byState, t, FindingState.allCases.map { ($0.rawValue, t.stateMeaning[$0] ?? "", overview.byState[$0] ?? 0, "") },
            into: &page)
        page.raw("</div>\n</section>\n")
    }

    private static func definition(_ term: String, _ value: String, into page: inout HTMLSink, alert: Bool = false) {
        page.raw("<dt>")
        page.text(term)
        page.raw(alert ? "</dt><dd class=\"alert\">" : "</dt><dd>")
        page.text(value)
        page.raw("</dd>")
    }

    private static func countTable(
        _ title: String, _ t: ReportTexts, _ rows: [(String, String, Int, String)], into page: inout HTMLSink
    ) {
        page.raw("<table class=\"count\"><caption>")
        page.text(title)
        page.raw("</caption><tbody>")
        for (value, meaning, count, style) in rows {
            page.raw("<tr><th><span class=\"tag \(style)\">")
            page.text(value)
            page.raw("</span></th><td class=\"meaning\">")
            page.text(meaning)
            page.raw("</td><td class=\"num\">\(count)</td></tr>")
        }
        page.raw("</tbody></table>\n")
    }

    private static func emitCases(_ overview: ReportOverview, _ t: ReportTexts, into page: inout HTMLSink) {
        page.raw("<section id=\"cases\"><h2>")
        page.text("\(t.cases) (\(overview.cases.count))")
        page.raw("</h2>\n<p class=\"note\">")
        page.text(t.casesNote)
        page.raw("</p>\n")
        guard !overview.cases.isEmpty else {
            page.raw("<p>")
            page.text(t.noCases)
            page.raw("</p>\n</section>\n")
            return
        }
        page.raw("<table class=\"cases\"><thead><tr>")
        for heading in t.caseHeadings {
            page.raw("<th>")
            page.text(heading)
            page.raw("</th>")
        }
        page.raw("</tr></thead><tbody>\n")
        for companyCase in overview.cases {
            page.raw("<tr class=\"case\" data-company=\"")
            page.text(companyCase.taxCode)
            page.raw("\"><td class=\"id\"><a href=\"#company=")
            page.text(fragmentEncoded(companyCase.taxCode))
            page.raw("\">")
            page.text(companyCase.taxCode.isEmpty ? "—" : companyCase.taxCode)
            page.raw("</a></td><td>")
            page.text(companyCase.name ?? "")
            page.raw(
                "</td><td><span class=\"tag sev-\(companyCase.highest.rawValue)\">\(companyCase.highest.rawValue)</span></td>")
            page.raw("<td class=\"num\">\(companyCase.findings)</td>")
            for severity in Severity.allCases.sorted(by: >) {
                page.raw("<td class=\"num\">\(companyCase.bySeverity[severity] ?? 0)</td>")
            }
            page.raw("<td class=\"num\">")
            page.text(ReportNumbers.grouped(companyCase.totalVND.description, t))
            page.raw("</td><td class=\"decls\">")
            page.text(companyCase.declarations.joined(separator: ", ") + (companyCase.moreDeclarations ? ", …" : ""))
            page.raw("</td></tr>\n")
        }
        page.raw("</tbody></table>\n</section>\n")
    }

    private static func emitFindings(_ result: AuditResult, _ t: ReportTexts, _ cap: Int, into page: inout HTMLSink) {
        let total = result.findings.count
        page.raw("<section id=\"findings\"><h2>")
        page.text("\(t.findings) (\(total))")
        page.raw("</h2>\n<noscript><p class=\"note\">")
        page.text(t.noScript)
        page.raw("</p></noscript>\n")
        if total > cap {
            page.raw("<p class=\"note alert\" id=\"cap\">")
            page.text(t.capNote(shown: cap, total: total))
            page.raw("</p>\n")
        }
        emitFilters(t, into: &page)
        page.raw("<div id=\"list\">\n")
        var written = 0
        severities: for severity in Severity.allCases.sorted(by: >) where result.count(of: severity) > 0 {
            for finding in result.findings.findings(of: severity) {
                guard written < cap else { break severities }
                emitFinding(finding, t, into: &page)
                written += 1
            }
        }
        page.raw("</div>\n</section>\n")
    }

    private static func emitFilters(_ t: ReportTexts, into page: inout HTMLSink) {
        page.raw("<form id=\"filters\" hidden><div class=\"row\">")
        select("severity", t.bySeverity, Severity.allCases.sorted(by: >).map(\.rawValue), t, into: &page)
        select("rule", t.byRule, RuleID.allCases.map(\.rawValue), t, into: &page)
        select("state", t.byState, FindingState.allCases.map(\.rawValue), t, into: &page)
        select("triage", t.triage, ["none", "confirmed", "under-review", "false-positive", "accepted"], t, into: &page)
        page.raw("<label>")
        page.text(t.taxCode)
        page.raw(" <input name=\"company\" size=\"12\"></label><label>")
        page.text(t.search)
        page.raw(" <input name=\"q\" type=\"search\" size=\"24\"></label><label>")
        page.text(t.sort)
        page.raw(" <select name=\"sort\"><option value=\"\">")
        page.text(t.sortReport)
        page.raw("</option><option value=\"value-desc\">")
        page.text(t.sortValueDown)
        page.raw("</option><option value=\"value-asc\">")
        page.text(t.sortValueUp)
        page.raw("</option></select></label><label><input name=\"suppressed\" type=\"checkbox\" value=\"1\"> ")
        page.text(t.showSuppressed)
        page.raw("</label></div><div class=\"row\"><span>")
        page.text(t.shown)
        page.raw(": <b id=\"shown\"></b></span><label>")
        page.text(t.inspector)
        page.raw(" <input id=\"inspector\" size=\"16\"></label><button type=\"button\" id=\"download\">")
        page.text(t.download)
        page.raw("</button> <span id=\"decided\">0</span> ")
        page.text(t.decisions)
        page.raw("<span class=\"note\"> — ")
        page.text(t.triageHelp)
        page.raw("</span></div></form>\n")
    }

    private static func select(_ name: String, _ label: String, _ values: [String], _ t: ReportTexts, into page: inout HTMLSink) {
        page.raw("<label>")
        page.text(label)
        page.raw(" <select name=\"\(name)\"><option value=\"\">")
        page.text(t.all)
        page.raw("</option>")
        for value in values { page.raw("<option>\(value)</option>") }
        page.raw("</select></label>")
    }

    private static func emitFinding(_ finding: Finding, _ t: ReportTexts, into page: inout HTMLSink) {
        page.raw("<details class=\"f\" data-id=\"")
        page.text(finding.findingID)
        page.raw(
            "\" data-severity=\"\(finding.severity.rawValue)\" data-rule=\"\(finding.rule.rawValue)\" data-state=\"\(finding.state.rawValue)\" data-triage=\""
        )
        page.text(finding.triage ?? "")
        page.raw("\" data-suppressed=\"\(finding.suppressed ? 1 : 0)\" data-company=\"")
        page.text(finding.taxCode ?? "")
        page.raw("\" data-value=\"")
        page.text(finding.valueVND.flatMap { DecimalText.isPlainDecimal($0) ? $0 : nil } ?? "")
        page.raw(
            "\"><summary><span class=\"tag sev-\(finding.severity.rawValue)\">\(finding.severity.rawValue)</span> <code>\(finding.rule.rawValue)</code> <span class=\"id\">"
        )
        page.text(finding.declaration + (finding.line.map { "/\($0)" } ?? ""))
        page.raw("</span> <span class=\"co\">")
        page.text([finding.company, finding.taxCode.map { "(\($0))" }].compactMap { $0 }.joined(separator: " "))
        page.raw("</span>")
        if let hsCode = finding.hsCode {
            // Dotted as inspectors read codes; the details keep the code as declared, so the
            // free-text filter finds either form.
            page.raw(" <span class=\"id\">")
            page.text(
                hsCode.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ? ListQuery.dotted(hsCode) : hsCode)
            page.raw("</span>")
        }
        if let value = finding.valueVND {
            page.raw(" <span class=\"vnd\">")
            page.text(ReportNumbers.grouped(value, t) + " VND")
            page.raw("</span>")
        }
        page.raw(" <span class=\"tag\">\(finding.state.rawValue)</span>")
        if let triage = finding.triage {
            page.raw(" <span class=\"tag triage\">")
            page.text(triage)
            page.raw("</span>")
        }
        page.raw("</summary>\n<div class=\"body\"><p class=\"reason\"><b>")
        page.text(t.reason)
        page.raw(":</b> ")
        page.text(finding.reason)
        page.raw("</p><dl>")
        let fields: [(String, String?)] = [
            (t.description, finding.description),
            (t.condition, finding.condition?.rawValue),
            (t.hsCode, finding.hsCode),
            (t.listCode, finding.listCode),
            (t.quantity, finding.quantity.map { [$0, finding.unit].compactMap { $0 }.joined(separator: " ") }),
            (t.value, finding.value.map { [$0, finding.currency].compactMap { $0 }.joined(separator: " ") }),
            (t.valueVND, finding.valueVND),
            (t.licences, finding.licences.isEmpty ? nil : finding.licences),
            (t.contract, finding.contract),
            (t.typeCode, finding.typeCode),
            (t.registeredOn, finding.registeredOn),
            (t.customsOffice, finding.customsOffice),
            (t.source, "\(finding.source):\(finding.sourceLine)"),
            (t.firstReportedOn, finding.firstReportedOn),
            (t.triage, finding.triage),
            (t.triageNote, finding.triageNote),
            (t.legalBasis, finding.legalBasis.isEmpty ? nil : finding.legalBasis),
            (t.findingID, finding.findingID),
        ]
        for (term, value) in fields {
            guard let value else { continue }
            page.raw("<dt>")
            page.text(term)
            page.raw("</dt><dd>")
            page.text(value)
            page.raw("</dd>")
        }
        page.raw("</dl></div></details>\n")
    }

    private static func emitResolved(_ resolved: [ResolvedFinding], _ t: ReportTexts, into page: inout HTMLSink) {
        emitTableSection(
            id: "resolved", title: "\(t.resolved) (\(resolved.count))", none: t.none,
            headings: [t.findingID, "rule", "severity", t.declaration, t.line, t.contract, t.firstReportedOn, t.lastReportedOn],
            rows: resolved.map { row in
                [
                    row.findingID, row.rule.rawValue, row.severity.rawValue, row.declaration, row.line.map(String.init) ?? "",
                    row.contract ?? "", row.firstReportedOn, row.lastReportedOn,
                ]
            }, into: &page)
    }

    private static func emitFailedInputs(_ result: AuditResult, _ t: ReportTexts, into page: inout HTMLSink) {
        let failed = result.inputs.filter { $0.status == .failed }
        emitTableSection(
            id: "failed", title: "\(t.failedInputs) (\(failed.count))", none: t.noFailedInputs,
            headings: [t.source, "code", t.message, t.line, t.column],
            rows: failed.map { input in
                [
                    input.path, input.error?.code.rawValue ?? "", input.error?.message ?? "",
                    input.error?.location?.line.map(String.init) ?? "", input.error?.location?.column.map(String.init) ?? "",
                ]
            }, into: &page)
    }

    /// A titled section holding a plain table of escaped text cells, or `none` when it has no rows.
    private static func emitTableSection(
        id: String, title: String, none: String, headings: [String], rows: [[String]], into page: inout HTMLSink
    ) {
        page.raw("<section id=\"\(id)\"><h2>")
        page.text(title)
        page.raw("</h2>\n")
        guard !rows.isEmpty else {
            page.raw("<p>")
            page.text(none)
            page.raw("</p>\n</section>\n")
            return
        }
        page.raw("<table><thead><tr>")
        for heading in headings {
            page.raw("<th>")
            page.text(heading)
            page.raw("</th>")
        }
        page.raw("</tr></thead><tbody>\n")
        for row in rows {
            page.raw("<tr>")
            for cell in row {
                page.raw("<td>")
                page.text(cell)
                page.raw("</td>")
            }
            page.raw("</tr>\n")
        }
        page.raw("</tbody></table>\n</section>\n")
    }

    /// `encodeURIComponent` for a fragment value, on bytes: what the script decodes.
    static func fragmentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    private static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
        header{background:#123a5e;color:#fff;padding:10px 20px}h1{font-size:20px;margin:0}
        main{padding:8px 20px 40px}h2{font-size:17px;margin:22px 0 8px;border-bottom:2px solid #cfd6e0;padding-bottom:3px}
        dl.run{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0}dt{font-weight:600;color:#3a4556}dd{margin:0}
        .alert{color:#a4161a;font-weight:600}.note{color:#566173;font-size:13px}
        .counts{display:flex;flex-wrap:wrap;gap:14px;margin-top:10px}
        table{border-collapse:collapse;background:#fff}th,td{border:1px solid #dde2ea;padding:3px 7px;text-align:left;vertical-align:top}
        thead th{background:#e8edf4}caption{text-align:left;font-weight:600;padding:2px 0}.num{text-align:right;font-variant-numeric:tabular-nums}
        td.meaning{color:#3a4556;max-width:420px}td.decls{max-width:360px;font-size:12px}
        .tag{display:inline-block;border-radius:3px;padding:0 6px;background:#e3e7ee;font-size:12px;font-weight:600}
        .sev-high{background:#a4161a;color:#fff}.sev-medium{background:#e38b06;color:#fff}.sev-review{background:#3d6fb6;color:#fff}
        .triage{background:#5a4a8a;color:#fff}.id,code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}
        #filters{background:#fff;border:1px solid #dde2ea;padding:6px 10px;margin:8px 0;position:sticky;top:0;z-index:1}
        #filters .row{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center;margin:3px 0}
        details.f{background:#fff;border:1px solid #dde2ea;border-radius:4px;margin:3px 0;padding:3px 8px}
        details.f[data-suppressed="1"]{opacity:.65}summary{cursor:pointer}.co{font-weight:600}.vnd{font-variant-numeric:tabular-nums;color:#0b5d3b}
        .body{padding:4px 0 6px 18px}.body dl{display:grid;grid-template-columns:max-content 1fr;gap:1px 12px}.reason{margin:4px 0}
        .decide{display:flex;flex-wrap:wrap;gap:4px 12px;margin-top:6px;padding-top:6px;border-top:1px dashed #cfd6e0}
        """

    /// The filters (state in the URL fragment), the sort by value and the triage download.
    private static let script = """
        (function(){
        "use strict";
        var form=document.getElementById("filters"),list=document.getElementById("list");
        if(!form||!list)return;
        var texts=document.getElementById("texts").dataset;
        var rows=Array.prototype.slice.call(list.querySelectorAll("details.f"));
        rows.forEach(function(r,i){r._i=i;});
        var keys=["severity","rule","state","triage","company","q","suppressed","sort"];
        var decisions={},sorted="";
        form.hidden=false;
        function readHash(){var p={};location.hash.replace(/^#/,"").split("&").forEach(function(kv){if(!kv)return;var i=kv.indexOf("=");
        try{p[decodeURIComponent(i<0?kv:kv.slice(0,i))]=i<0?"":decodeURIComponent(kv.slice(i+1).replace(/\\+/g," "));}catch(e){}});return p;}
        function fromForm(){var p={};keys.forEach(function(k){var c=form.elements[k];if(!c)return;var v=c.type==="checkbox"?(c.checked?"1":""):c.value.trim();if(v)p[k]=v;});return p;}
        function toForm(p){keys.forEach(function(k){var c=form.elements[k];if(!c)return;if(c.type==="checkbox")c.checked=p[k]==="1";else c.value=p[k]||"";});}
        function writeHash(p){var parts=[];keys.forEach(function(k){if(p[k])parts.push(k+"="+encodeURIComponent(p[k]));});
        history.replaceState(null,"",parts.length?"#"+parts.join("&"):location.pathname+location.search);}
        function visible(r,p){var d=r.dataset;
        if(p.severity&&d.severity!==p.severity)return false;if(p.rule&&d.rule!==p.rule)return false;if(p.state&&d.state!==p.state)return false;
        if(p.triage&&(p.triage==="none"?d.triage!=="":d.triage!==p.triage))return false;if(p.company&&d.company!==p.company)return false;
        if(d.suppressed==="1"&&p.suppressed!=="1"&&p.triage!==d.triage)return false;
        if(p.q){if(r._text===undefined)r._text=r.textContent.toLowerCase();if(r._text.indexOf(p.q.toLowerCase())<0)return false;}return true;}
        function value(r){var v=parseFloat(r.dataset.value);return isNaN(v)?null:v;}
        function apply(p){var shown=0;rows.forEach(function(r){var v=visible(r,p);r.hidden=!v;if(v)shown++;});
        var sort=p.sort||"";if(sort!==sorted){sorted=sort;var order=rows.slice();if(sort==="value-desc"||sort==="value-asc"){var s=sort==="value-desc"?-1:1;
        order.sort(function(a,b){var x=value(a),y=value(b);if(x===y)return a._i-b._i;if(x===null)return 1;if(y===null)return -1;return s*(x-y);});}
        order.forEach(function(r){list.appendChild(r);});}document.getElementById("shown").textContent=shown+" / "+rows.length;}
        function fromHash(){var p=readHash();toForm(p);apply(p);}
        form.addEventListener("input",function(){var p=fromForm();writeHash(p);apply(p);});
        form.addEventListener("submit",function(e){e.preventDefault();});
        window.addEventListener("hashchange",fromHash);
        function field(label,el){var l=document.createElement("label");l.appendChild(document.createTextNode(label+" "));l.appendChild(el);return l;}
        function remember(id,box){var st=box.querySelector("select").value,ins=box.querySelectorAll("input");
        var by=ins[1].value.trim()||document.getElementById("inspector").value.trim();
        if(st)decisions[id]={status:st,note:ins[0].value,by:by,until:ins[2].value};else delete decisions[id];
        document.getElementById("decided").textContent=Object.keys(decisions).length;}
        list.addEventListener("toggle",function(e){var r=e.target;if(!r.open||r.querySelector(".decide"))return;
        var box=document.createElement("div");box.className="decide";var sel=document.createElement("select");
        ["","confirmed","under-review","false-positive","accepted","cleared"].forEach(function(s){var o=document.createElement("option");o.value=s;o.textContent=s||"—";sel.appendChild(o);});
        var note=document.createElement("input"),by=document.createElement("input"),until=document.createElement("input");
        note.size=40;by.size=14;until.type="date";
        box.appendChild(field(texts.status,sel));box.appendChild(field(texts.note,note));box.appendChild(field(texts.by,by));box.appendChild(field(texts.until,until));
        box.addEventListener("input",function(){remember(r.dataset.id,box);});r.querySelector(".body").appendChild(box);},true);
        function cell(v){v=String(v==null?"":v);return /[",\\r\\n]/.test(v)?'"'+v.replace(/"/g,'""')+'"':v;}
        document.getElementById("download").addEventListener("click",function(){
        var lines=["finding_id,status,note,by,until"];Object.keys(decisions).sort().forEach(function(id){var d=decisions[id];
        lines.push([id,d.status,d.note,d.by,d.until].map(cell).join(","));});
        var blob=new Blob([lines.join("\\n")+"\\n"],{type:"text/csv;charset=utf-8"});var a=document.createElement("a");
        a.href=URL.createObjectURL(blob);a.download="triage-decisions.csv";document.body.appendChild(a);a.click();
        setTimeout(function(){URL.revokeObjectURL(a.href);a.remove();},0);});
        fromHash();
        })();
        """
}

/// Numbers for people: digits grouped in threes (`.` in Vietnamese, `,` in English, as each
/// writes them), the decimal mark the other one. Anything not a plain decimal is left as it is.
enum ReportNumbers {
    static func grouped(_ text: String, _ t: ReportTexts) -> String {
        guard DecimalText.isPlainDecimal(text) else { return text }
        let (group, mark) = t.htmlLang == "vi" ? (".", ",") : (",", ".")
        var digits = Substring(text)
        var sign = ""
        if let first = digits.first, first == "-" || first == "+" {
            if first == "-" { sign = "-" }
            digits = digits.dropFirst()
        }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts.first.map(String.init) ?? ""
        var out = ""
        for (index, character) in whole.enumerated() {
            if index > 0, (whole.count - index) % 3 == 0 { out += group }
            out.append(character)
        }
        if out.isEmpty { out = "0" }
        if parts.count > 1, !parts[1].isEmpty { out += mark + parts[1] }
        return sign + out
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// Page bytes gathered 64 KiB at a time into the report file (or kept, without one).
struct HTMLSink {
    private var bytes: [UInt8] = []
    private let file: OutputFile?

    init(file: OutputFile?) {
        self.file = file
        bytes.reserveCapacity(1 << 17)
    }

    /// Markup written by this program.
    mutating func raw(_ markup: String) {
        bytes.append(contentsOf: markup.utf8)
        flushIfFull()
    }

    /// Text from the inputs, escaped for element content and quoted attribute values alike.
    mutating func text(_ text: String) {
        var text = text
        // Runs of bytes that need no escaping (nearly all of them) are copied at once.
        text.withUTF8 { input in
            var start = 0
            for index in input.indices where Self.mayNeedEscaping(input[index]) {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<index]))
                appendEscaped(input[index])
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[start...]))
        }
        flushIfFull()
    }

    @inline(__always)
    private static func mayNeedEscaping(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }

    private mutating func appendEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
        case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
        case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
        case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
        case UInt8(ascii: "'"): bytes.append(contentsOf: "&#39;".utf8)
        // Control characters other than tab and line breaks are not allowed in HTML text.
        case 0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F, 0x7F: bytes.append(contentsOf: "\u{FFFD}".utf8)
        default: bytes.append(byte)
        }
    }

    private mutating func flushIfFull() {
        guard let file, bytes.count >= ioChunkBytes else { return }
        file.write(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Writes what is left; without a file, the whole page.
    mutating func finish() -> [UInt8] {
        guard let file else { return bytes }
        file.write(bytes)
        bytes.removeAll()
        return []
    }
}
