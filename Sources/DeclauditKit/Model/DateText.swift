/// Dates as the formats write them: YYYY-MM-DD in columns and dumps (sometimes followed by a
/// time), DD/MM/YYYY in ECUS file headers.
public enum DateText {
    /// The date as YYYY-MM-DD, or nil when the text is not a real calendar date.
    public static func normalize(_ text: String) -> String? {
        // On the text's own bytes: an Array of them cost an allocation per date.
        var text = text
        return text.withUTF8 { bytes in
            if bytes.count >= 10, bytes[4] == 0x2D, bytes[7] == 0x2D,
                let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10]),
                bytes.count == 10 || bytes[10] == 0x54 || bytes[10] == 0x20
            {
                return isValid(year: year, month: month, day: day)
                    ? String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<10]), as: UTF8.self) : nil
            }
            if bytes.count == 10, bytes[2] == 0x2F, bytes[5] == 0x2F,
                let day = number(bytes[0..<2]), let month = number(bytes[3..<5]), let year = number(bytes[6..<10])
            {
                guard isValid(year: year, month: month, day: day) else { return nil }
                return String(
                    decoding: Array(bytes[6..<10]) + [0x2D] + Array(bytes[3..<5]) + [0x2D] + Array(bytes[0..<2]),
                    as: UTF8.self)
            }
            return nil
        }
    }

    /// Days since 1970-01-01 of a YYYY-MM-DD date (proleptic Gregorian), for deadline arithmetic.
    public static func dayNumber(_ isoDate: String) -> Int? {
        var isoDate = isoDate
        guard
            let (year, month, day) = isoDate.withUTF8({ bytes -> (Int, Int, Int)? in
                guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D, let year = number(bytes[0..<4]),
                    let month = number(bytes[5..<7]),
                    let day = number(bytes[8..<10]), isValid(year: year, month: month, day: day)
                else { return nil }
                return (year, month, day)
            })
        else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// YYYY-MM-DD of a day number (inverse of `dayNumber`).
    public static func isoDate(dayNumber: Int) -> String {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        guard (0...9999).contains(year) else {
            func pad(_ value: Int, _ width: Int) -> String {
                let text = String(value)
                return String(repeating: "0", count: max(0, width - text.count)) + text
            }
            return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        }
        // Digits stored in place: interpolation and padding cost thousands of instructions, once
        // per contract.
        return String(unsafeUninitializedCapacity: 10) { text in
            func put(_ value: Int, at start: Int, width: Int) {
                var value = value
                for place in (start..<start + width).reversed() {
                    text[place] = 0x30 + UInt8(value % 10)
                    value /= 10
                }
            }
            put(year, at: 0, width: 4)
            text[4] = 0x2D
            put(month, at: 5, width: 2)
            text[7] = 0x2D
            put(day, at: 8, width: 2)
            return 10
        }
    }

    private static func number<Digits: Collection<UInt8>>(_ digits: Digits) -> Int? {
        var value = 0
        for byte in digits {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    private static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard year >= 1900, year <= 2999, month >= 1, month <= 12, day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}
