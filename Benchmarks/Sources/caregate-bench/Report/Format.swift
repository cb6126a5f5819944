import Foundation

/// Number formats for the table: rates with thousands separators, ratios with two decimals.
enum Format {
    static func rate(_ value: Double) -> String { grouped(Int(value.rounded())) + "/s" }
    static func ratio(_ value: Double) -> String { String(format: "%.2f", value) }
    static func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }
    static func mib(_ value: Double) -> String { String(format: "%.1f MiB", value) }
    static func number(_ value: Double) -> String { String(format: "%.0f", value) }
    static func millis(_ micros: UInt64) -> String { String(format: "%.2f ms", Double(micros) / 1000) }

    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// Left-aligns the first column and right-aligns the rest.
    static func table(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        let widths = (0..<header.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
