import Dispatch
import Synchronization

/// Every format the tool can recognise, in the order they are tried.
///
/// Each sniffer looks at a file's first lines; the claim that reads the largest share of them
/// wins, then the more specific one, then the earlier in this list. A claim must read at least
/// `minimumShare` of the content lines.
public struct FormatRegistry: Sendable {
    public let sniffers: [any FormatSniffer]
    public static let minimumShare = 0.5

    public init(sniffers: [any FormatSniffer]) {
        self.sniffers = sniffers
    }

    /// The built-in formats, with the user's `--log-format` first when given; `consentColumns`
    /// is the config's column map for consent exports.
    public static func standard(logFormat: TemplateFormat? = nil, consentColumns: [String: String] = [:]) -> FormatRegistry {
        var sniffers: [any FormatSniffer] = []
        if let logFormat { sniffers.append(ConfiguredTemplateSniffer(format: logFormat)) }
        sniffers.append(W3CExtendedSniffer())
        sniffers.append(JSONAccessLogSniffer())
        sniffers.append(CombinedLogSniffer())
        sniffers += TaggingJSONSniffer.all
        sniffers.append(ConsentCSVSniffer(columnMap: consentColumns))
        sniffers.append(ConsentJSONSniffer(columnMap: consentColumns))
        return FormatRegistry(sniffers: sniffers)
    }

    /// Names of the formats tried for `kind` (all kinds when nil), for the "not recognised" message.
    public func names(for kind: InputKind?) -> [String] {
        sniffers.filter { kind == nil || $0.kind == kind }.map { "\($0.kind.rawValue): \($0.name)" }
    }

    /// The best claim on `sample`, restricted to `kind` when forced.
    public func recognise(_ sample: SniffSample, kind: InputKind?) -> SniffMatch? {
        // Each sniffer reads the sample on its own, so they run side by side (reading starts
        // only once the format is known); the claims are then weighed in registry order.
        let candidates = sniffers.filter { kind == nil || $0.kind == kind }
        let claims = Mutex([SniffMatch?](repeating: nil, count: candidates.count))
        DispatchQueue.concurrentPerform(iterations: candidates.count) { i in
            let claim = candidates[i].sniff(sample)
            claims.withLock { $0[i] = claim }
        }
        var best: SniffMatch?
        for claim in claims.withLock({ $0 }) {
            guard let match = claim, match.share >= Self.minimumShare else { continue }
            if let current = best {
                let better = match.share > current.share + 1e-9
                    || (abs(match.share - current.share) <= 1e-9 && match.specificity > current.specificity)
                if better { best = match }
            } else {
                best = match
            }
        }
        return best
    }
}
