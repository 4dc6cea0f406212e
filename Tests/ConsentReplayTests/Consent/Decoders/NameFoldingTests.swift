import Testing
@testable import ConsentReplay

/// CMP category and service names are looked up folded: lower-cased, some separators replaced.
/// The byte-wise fold of ASCII names gives what `lowercased()` and a character map give.
struct NameFoldingTests {
    static func reference(_ name: String, from: [UInt8], to: UInt8?) -> String {
        let lower = name.lowercased()
        guard let to else { return lower }
        let targets = Set(from.map { Character(Unicode.Scalar($0)) })
        return String(lower.map { targets.contains($0) ? Character(Unicode.Scalar(to)) : $0 })
    }

    @Test(arguments: ["necessary", "Statistics", "External-Media", "external media", "google_analytics",
                      "Google Analytics", "A-B_C D", "", "-", "Präferenzen", "MARKETING-Ä", "ÉTÉ ÉTÉ", "x\u{301}-y"])
    func foldAgreesWithLowercased(name: String) {
        #expect(PurposeTables.folded(name, replacing: []) == Self.reference(name, from: [], to: nil))
        for (from, to): ([UInt8], UInt8) in [([ASCII.dash, ASCII.space], UInt8(ascii: "_")),
                                             ([UInt8(ascii: "_"), ASCII.space], ASCII.dash)] {
            #expect(PurposeTables.folded(name, replacing: from, with: to) == Self.reference(name, from: from, to: to))
        }
    }
}
