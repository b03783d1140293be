extension ReportLanguage {
    /// The texts of the reports for people in this language.
    var texts: ReportTexts { self == .vi ? .vietnamese : .english }
}

/// The words around the data in report.html and findings.xlsx.
struct ReportTexts: Sendable {
    let htmlLang: String
    let title: String
    let run: String
    let asOf: String
    let tool: String
    let list: String
    let listEffective: String
    let listEntries: String
    let inputs: String
    let inputsRead: String
    let inputsFailed: String
    let declarations: String
    let items: String
    let findings: String
    let bySeverity: String
    let byRule: String
    let byState: String
    let suppressed: String
    let suppressedNote: String
    let meaning: String
    let count: String
    let cases: String
    let casesNote: String
    let noCases: String
    let taxCode: String
    let company: String
    let highest: String
    let totalValueVND: String
    let reason: String
    let evidence: String
    let description: String
    let condition: String
    let quantity: String
    let value: String
    let valueVND: String
    let licences: String
    let contract: String
    let listCode: String
    let hsCode: String
    let typeCode: String
    let registeredOn: String
    let customsOffice: String
    let source: String
    let firstReportedOn: String
    let triage: String
    let triageNote: String
    let legalBasis: String
    let findingID: String
    let declaration: String
    let line: String
    let column: String
    let message: String
    let all: String
    let none: String
    let search: String
    let showSuppressed: String
    let sort: String
    let sortReport: String
    let sortValueDown: String
    let sortValueUp: String
    let shown: String
    let noScript: String
    let capNote: String  // %1 shown, %2 total
    let resolved: String
    let lastReportedOn: String
    let failedInputs: String
    let noFailedInputs: String
    let inspector: String
    let status: String
    let until: String
    let download: String
    let decisions: String
    let triageHelp: String
    let severityMeaning: [Severity: String]
    let ruleMeaning: [RuleID: String]
    let stateMeaning: [FindingState: String]
    // Workbook
    let summarySheetNote: String
    let continuedNote: String

    func capNote(shown: Int, total: Int) -> String {
        capNote.replacingOccurrences(of: "%1", with: String(shown)).replacingOccurrences(of: "%2", with: String(total))
    }

    /// The headings of the cases table, in the page and the workbook alike.
    var caseHeadings: [String] {
        [taxCode, company, highest, findings, "high", "medium", "review", totalValueVND, declarations]
    }

    static let vietnamese = ReportTexts(
        htmlLang: "vi",
        title: "Kết quả kiểm tra tờ khai hải quan",
        run: "Lần kiểm tra",
        asOf: "Ngày kiểm tra",
        tool: "Công cụ",
        list: "Danh mục",
        listEffective: "hiệu lực từ",
        listEntries: "dòng",
        inputs: "Tệp dữ liệu",
        inputsRead: "đọc được",
        inputsFailed: "không đọc được",
        declarations: "Tờ khai",
        items: "Dòng hàng",
        findings: "Phát hiện",
        bySeverity: "Theo mức độ",
        byRule: "Theo quy tắc",
        byState: "Theo trạng thái",
        suppressed: "Đã gác lại",
        suppressedNote:
            "phát hiện được công chức kết luận false-positive hoặc accepted: vẫn có trong báo cáo, không tính vào mã thoát",
        meaning: "Ý nghĩa",
        count: "Số lượng",
        cases: "Hồ sơ theo doanh nghiệp",
        casesNote:
            "Mỗi doanh nghiệp một hồ sơ, xếp theo mức độ cao nhất rồi tổng trị giá (VND) của các dòng hàng bị phát hiện; không tính các phát hiện đã gác lại.",
        noCases: "Không có phát hiện nào.",
        taxCode: "Mã số thuế",
        company: "Doanh nghiệp",
        highest: "Mức cao nhất",
        totalValueVND: "Tổng trị giá (VND)",
        reason: "Lý do",
        evidence: "Chứng cứ",
        description: "Mô tả hàng hóa",
        condition: "Tình trạng hàng",
        quantity: "Lượng",
        value: "Trị giá khai báo",
        valueVND: "Trị giá (VND)",
        licences: "Giấy phép",
        contract: "Hợp đồng gia công",
        listCode: "Mã trong Danh mục",
        hsCode: "Mã HS",
        typeCode: "Mã loại hình",
        registeredOn: "Ngày đăng ký",
        customsOffice: "Mã hải quan",
        source: "Nguồn",
        firstReportedOn: "Phát hiện lần đầu",
        triage: "Kết luận",
        triageNote: "Ghi chú kết luận",
        legalBasis: "Căn cứ pháp lý",
        findingID: "Mã phát hiện",
        declaration: "Tờ khai",
        line: "Dòng",
        column: "Cột",
        message: "Lỗi",
        all: "Tất cả",
        none: "Không có",
        search: "Tìm kiếm",
        showSuppressed: "Hiện cả phát hiện đã gác lại",
        sort: "Sắp xếp",
        sortReport: "theo mức độ",
        sortValueDown: "trị giá giảm dần",
        sortValueUp: "trị giá tăng dần",
        shown: "Đang hiển thị",
        noScript:
            "Bật JavaScript để lọc, sắp xếp và ghi kết luận; phần tổng hợp và hồ sơ doanh nghiệp đọc được không cần JavaScript.",
        capNote: "Trang này có %1 phát hiện nghiêm trọng nhất trong tổng số %2; xem đủ trong findings.xlsx (hoặc findings.csv).",
        resolved: "Phát hiện đã khắc phục",
        lastReportedOn: "Phát hiện lần cuối",
        failedInputs: "Tệp không đọc được",
        noFailedInputs: "Mọi tệp đều đọc được.",
        inspector: "Công chức",
        status: "Kết luận",
        until: "Hiệu lực đến",
        download: "Tải tệp kết luận (CSV)",
        decisions: "kết luận đã ghi",
        triageHelp: "Mở một phát hiện để ghi kết luận; tệp tải về dùng cho lệnh declaudit triage import.",
        severityMeaning: [.high: "cao", .medium: "trung bình", .review: "cần xem xét"],
        ruleMeaning: [
            .usedITNoPermit: "Hàng CNTT đã qua sử dụng thuộc Danh mục cấm nhập khẩu, tờ khai không có giấy phép",
            .usedITPermitInvalid: "Hàng CNTT đã qua sử dụng thuộc Danh mục, không giấy phép nào trong sổ đăng ký đáp ứng",
            .usedITPermitUnverified: "Hàng CNTT đã qua sử dụng thuộc Danh mục, giấy phép khai báo chưa được đối chiếu",
            .usedITUnlistedHeading: "Hàng đã qua sử dụng thuộc nhóm CNTT ngoài Danh mục: cần xem xét",
            .processingNotReexported: "Hợp đồng gia công quá hạn mà chưa tái xuất, chuyển tiếp",
            .processingBalanceOutstanding: "Hợp đồng gia công quá hạn, còn hàng nhập chưa tái xuất hoặc chuyển tiếp",
            .inputInvalidHSCode: "Mã HS thiếu hoặc không đủ 8 chữ số",
        ],
        stateMeaning: [.new: "mới phát hiện lần này", .open: "đã phát hiện từ lần trước, chưa khắc phục"],
        summarySheetNote: "Mã quy tắc, tên cột và giá trị liệt kê giữ nguyên tiếng Anh như trong findings.csv.",
        continuedNote: "Các phát hiện tiếp theo ở trang tính"
    )

    static let english = ReportTexts(
        htmlLang: "en",
        title: "Customs declaration audit",
        run: "Run",
        asOf: "Audit date",
        tool: "Tool",
        list: "List",
        listEffective: "effective",
        listEntries: "rows",
        inputs: "Inputs",
        inputsRead: "read",
        inputsFailed: "could not be read",
        declarations: "Declarations",
        items: "Goods lines",
        findings: "Findings",
        bySeverity: "By severity",
        byRule: "By rule",
        byState: "By state",
        suppressed: "Suppressed",
        suppressedNote:
            "findings an inspector marked false-positive or accepted: still in every report, not counted for the exit status",
        meaning: "Meaning",
        count: "Count",
        cases: "Cases by company",
        casesNote:
            "One case per company, ordered by highest severity, then total value (VND) of the flagged lines; suppressed findings are not counted.",
        noCases: "No findings.",
        taxCode: "Tax code",
        company: "Company",
        highest: "Highest",
        totalValueVND: "Total value (VND)",
        reason: "Reason",
        evidence: "Evidence",
        description: "Description",
        condition: "Condition",
        quantity: "Quantity",
        value: "Declared value",
        valueVND: "Value (VND)",
        licences: "Licences",
        contract: "Processing contract",
        listCode: "List entry",
        hsCode: "HS code",
        typeCode: "Type code",
        registeredOn: "Registered on",
        customsOffice: "Customs office",
        source: "Source",
        firstReportedOn: "First reported on",
        triage: "Triage",
        triageNote: "Triage note",
        legalBasis: "Legal basis",
        findingID: "Finding id",
        declaration: "Declaration",
        line: "Line",
        column: "Column",
        message: "Problem",
        all: "All",
        none: "None",
        search: "Search",
        showSuppressed: "Show suppressed findings",
        sort: "Sort",
        sortReport: "by severity",
        sortValueDown: "value, highest first",
        sortValueUp: "value, lowest first",
        shown: "Shown",
        noScript: "Enable JavaScript to filter, sort and record decisions; the summary and the cases read without it.",
        capNote: "This page holds the %1 most severe of %2 findings; see findings.xlsx (or findings.csv) for all of them.",
        resolved: "Resolved findings",
        lastReportedOn: "Last reported on",
        failedInputs: "Inputs that could not be read",
        noFailedInputs: "Every input was read.",
        inspector: "Inspector",
        status: "Status",
        until: "Until",
        download: "Download decisions (CSV)",
        decisions: "decisions recorded",
        triageHelp: "Open a finding to record a decision; the downloaded file is what declaudit triage import reads.",
        severityMeaning: [.high: "high", .medium: "medium", .review: "to review"],
        ruleMeaning: [
            .usedITNoPermit: "Listed used IT goods, no permit on the declaration",
            .usedITPermitInvalid: "Listed used IT goods, no registry permit covers the line",
            .usedITPermitUnverified: "Listed used IT goods, permit references not verified",
            .usedITUnlistedHeading: "Used goods in an IT heading the list does not cover: to review",
            .processingNotReexported: "Processing contract past its deadline with nothing re-exported",
            .processingBalanceOutstanding: "Processing contract past its deadline with goods not returned",
            .inputInvalidHSCode: "HS code missing or not 8 digits",
        ],
        stateMeaning: [.new: "first raised by this run", .open: "raised by an earlier run, still open"],
        summarySheetNote: "Rule ids, column names and enum values stay as in findings.csv.",
        continuedNote: "More findings on sheet"
    )
}
