// The shop's cookie banner (a Cookiebot-style CMP): what each visitor answers, how the answer
// changes later, and the consent records the CMP's server keeps.
//
// The site is compliant: trackers follow the answer (see `HumanVisitor`). Everything here is
// ground truth the tests and later generators can read through `Simulation.consentRecords`.

/// A visitor's answer per Cookiebot category; `necessary` is always granted and not stored.
public struct ConsentChoice: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Preference cookies (remembered settings).
    public var preferences: Bool
    /// Statistics cookies (Google Analytics: `_ga`, `_ga_<id>`, `_gid`, `FPID`).
    public var statistics: Bool
    /// Marketing cookies (Google Ads and Meta: `_gcl_au`, `_fbp`, `_fbc`).
    public var marketing: Bool

    /// Creates a choice.
    public init(preferences: Bool, statistics: Bool, marketing: Bool) {
        self.preferences = preferences
        self.statistics = statistics
        self.marketing = marketing
    }

    /// "Allow all".
    public static let acceptAll = ConsentChoice(preferences: true, statistics: true, marketing: true)
    /// "Use necessary cookies only".
    public static let rejectAll = ConsentChoice(preferences: false, statistics: false, marketing: false)

    /// Whether any purpose granted by `other` is denied by `self`.
    func withdraws(from other: ConsentChoice) -> Bool {
        (other.preferences && !preferences) || (other.statistics && !statistics) || (other.marketing && !marketing)
    }

    /// Whether `self` grants a purpose `other` did not.
    func grantsMore(than other: ConsentChoice) -> Bool {
        (preferences && !other.preferences) || (statistics && !other.statistics) || (marketing && !other.marketing)
    }

    /// `preferences=…,statistics=…,marketing=…` (for test messages).
    public var description: String {
        "preferences=\(preferences),statistics=\(statistics),marketing=\(marketing)"
    }
}

/// What one banner interaction was (ground truth; Cookiebot's export does not carry it).
public enum ConsentAction: String, Sendable, Equatable, CaseIterable {
    /// First answer: every category granted.
    case acceptAll = "accept"
    /// First answer: necessary cookies only.
    case rejectAll = "reject"
    /// First answer: some categories granted.
    case partial
    /// A later change that only takes purposes back.
    case withdraw
    /// A later change that grants something new (for example accepting after rejecting).
    case update

    /// The action of a first answer.
    static func firstAnswer(_ choice: ConsentChoice) -> ConsentAction {
        if choice == .acceptAll { return .acceptAll }
        if choice == .rejectAll { return .rejectAll }
        return .partial
    }

    /// The action of a change from `old` to `new`.
    static func change(from old: ConsentChoice, to new: ConsentChoice) -> ConsentAction {
        new.withdraws(from: old) && !new.grantsMore(than: old) ? .withdraw : .update
    }
}

/// One consent record as the CMP's server logged it.
public struct ConsentRecord: Sendable, Equatable {
    /// When the CMP's server logged the submission (ms since the epoch, UTC): a few
    /// milliseconds after the click, and before the first request carrying the new cookie.
    public var time: Int64
    /// When the visitor clicked (the browser clock; the cookie's `utc`).
    public var clickTime: Int64
    /// The consent id (the cookie's `stamp`); kept across later changes of the same browser.
    public var consentID: String
    /// The page the banner was answered on.
    public var url: String
    /// The answer.
    public var choice: ConsentChoice
    /// What kind of answer it was.
    public var action: ConsentAction
    /// The visitor's public address as the CMP saw it (the export anonymises it).
    public var clientIP: String
    /// The browser's `User-Agent`.
    public var userAgent: String
    /// The visitor's country (ISO 3166 alpha-2, lower case), as the CMP geolocates it.
    public var country: String
    /// The simulated visitor (ground truth; not exported).
    public var visitorID: UInt64
    /// The answer's number for this visitor, from 0 (ground truth; not exported).
    public var sequence: Int
    /// Whether the answer was given on an earlier day than the simulated traffic (a returning
    /// visitor's stored consent).
    public var beforeTraffic: Bool
    /// Whether the CMP recorded implied consent (the visitor scrolled or went on browsing)
    /// rather than a click: written as `CONSENT-METHOD` in the export's extended layout.
    public var implied: Bool = false
    /// The banner text version the visitor saw (`BANNER-VERSION` in the extended layout);
    /// `nil` when the CMP failed to store it.
    public var bannerVersion: String? = ConsentRecord.currentBannerVersion
    /// The answer in force before this one, for a later change of the same consent id (ground
    /// truth for the violation truth; not exported).
    public var previousChoice: ConsentChoice? = nil

    /// The banner text version of the simulated shop.
    public static let currentBannerVersion = "v7"
}

/// Collects the consent records of a run.
///
/// A visitor hands a record over as soon as one of its requests carrying the new cookie value
/// has been produced, so a run cut short (`--lines`) never logs a choice the access log cannot
/// show. Records are kept in memory (one per choice, a small fraction of the requests) and
/// sorted once, because a returning visitor's earlier-day record only becomes known when the
/// visitor arrives.
final class ConsentLedger {
    private var records: [ConsentRecord] = []
    private var sorted = true
    /// Whether records are kept (a run that writes no consent log keeps none, to save memory).
    let keepsRecords: Bool
    /// Choices made so far (applied in a browser), whether or not a request has shown them yet.
    private(set) var choices = 0

    /// A ledger that keeps its records, or only counts choices.
    init(keepsRecords: Bool) {
        self.keepsRecords = keepsRecords
    }

    /// Counts one choice made in a browser.
    func countChoice() {
        choices += 1
    }

    /// Called with every confirmed record (the violation truth follows changes of mind).
    var observer: ((ConsentRecord) -> Void)?

    /// Adds a confirmed record.
    func add(_ record: ConsentRecord) {
        observer?(record)
        guard keepsRecords else { return }
        if let last = records.last, sorted && Self.precedes(record, last) { sorted = false }
        records.append(record)
    }

    /// Every confirmed record, ordered by (time, visitor, sequence).
    func sortedRecords() -> [ConsentRecord] {
        if !sorted {
            records.sort(by: Self.precedes)
            sorted = true
        }
        return records
    }

    private static func precedes(_ a: ConsentRecord, _ b: ConsentRecord) -> Bool {
        if a.time != b.time { return a.time < b.time }
        if a.visitorID != b.visitorID { return a.visitorID < b.visitorID }
        return a.sequence < b.sequence
    }
}

/// How a visitor treats the banner, drawn once per visitor.
enum BannerDisposition: Equatable {
    /// Saves this answer the first time the banner is in the way.
    case answer(ConsentChoice)
    /// Never touches the banner: no choice, no CMP cookie, no record.
    case ignore

    /// Shares of European CMP dashboards: about 55 % "Allow all", 25 % "necessary only", 10 %
    /// a saved selection, 10 % who never answer. Visitors whose browser sends `Sec-GPC: 1` are
    /// privacy-minded and reject more often (25 / 55 / 10 / 10); the banner does not read GPC,
    /// and those browsers keep sending it whatever they answer.
    static func draw(sendsGPC: Bool, _ random: inout SeededRandom) -> BannerDisposition {
        enum Kind { case accept, reject, partial, ignore }
        let table = sendsGPC
            ? WeightedTable<Kind>([(.accept, 25), (.reject, 55), (.partial, 10), (.ignore, 10)])
            : WeightedTable<Kind>([(.accept, 55), (.reject, 25), (.partial, 10), (.ignore, 10)])
        switch table.draw(&random) {
        case .accept: return .answer(.acceptAll)
        case .reject: return .answer(.rejectAll)
        case .ignore: return .ignore
        case .partial:
            // A saved selection: mostly "statistics" (with or without preferences), sometimes
            // preferences alone, rarely marketing alone.
            return .answer(
                WeightedTable<ConsentChoice>([
                    (ConsentChoice(preferences: false, statistics: true, marketing: false), 50),
                    (ConsentChoice(preferences: true, statistics: true, marketing: false), 25),
                    (ConsentChoice(preferences: true, statistics: false, marketing: false), 15),
                    (ConsentChoice(preferences: false, statistics: false, marketing: true), 10),
                ]).draw(&random))
        }
    }

    /// Share of answering visitors who reopen the banner in a later session and change it.
    static let changeOfMindShare = 0.08

    /// The changed answer: someone who granted statistics or marketing withdraws (everything
    /// in 60 % of cases, marketing only otherwise); someone who granted neither accepts all.
    static func changedAnswer(from current: ConsentChoice, _ random: inout SeededRandom) -> ConsentChoice {
        guard current.statistics || current.marketing else { return .acceptAll }
        if current.marketing && current.statistics && !random.chance(0.6) {
            return ConsentChoice(preferences: current.preferences, statistics: true, marketing: false)
        }
        return .rejectAll
    }
}

/// A banner answer a visitor has planned: applied in the browser at `clickTime`.
struct BannerClick {
    var choice: ConsentChoice
    var action: ConsentAction
    var consentID: String
    var clickTime: Int64
    /// When the CMP's server logs it (after the click, before the next request).
    var recordTime: Int64
    var url: String
    var clientIP: String
}

/// A decision that waits for the visitor's next navigation: the visitor saves the banner,
/// then clicks a link on the page.
struct PendingBannerClick {
    var choice: ConsentChoice
    var action: ConsentAction
    var url: String
    var isChange: Bool
}
