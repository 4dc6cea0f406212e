/// A text access-log format described by a `LogTemplate`: common, combined (with extra fields),
/// or a user's nginx `log_format` / Apache `LogFormat`.
public struct TemplateFormat: RecordFormat {
    public let id: String
    public let kind = InputKind.access
    public let template: LogTemplate
    public let layout: String

    public init(id: String, template: LogTemplate, layout: String? = nil) {
        self.id = id
        self.template = template
        self.layout = layout ?? template.source
    }

    public func process(_ chunk: Chunk, directive: [UInt8]?, context: ParseContext) -> ChunkTally {
        var parser = LogTemplateParser(template: template)
        return AccessChunkProcessor.run(chunk, parser: &parser, context: context)
    }

    /// Share of content lines that parse as records (for sniffing).
    public func share(of sample: SniffSample) -> Double {
        let lines = sample.contentLines
        guard !lines.isEmpty else { return 0 }
        let parser = LogTemplateParser(template: template)
        let arena = FieldArena()
        var record = AccessRecord()
        var good = 0
        for line in lines {
            arena.reset()
            record.reset()
            let verdict = line.withUnsafeBufferPointer { parser.parse($0, into: &record, arena: arena) }
            if verdict == .record { good += 1 }
        }
        return Double(good) / Double(lines.count)
    }
}

/// Sniffs a user-given `--log-format` (nginx or Apache syntax).
public struct ConfiguredTemplateSniffer: FormatSniffer {
    public let format: TemplateFormat
    public var name: String { format.id + " (" + format.layout + ")" }
    public var kind: InputKind { .access }

    public init(format: TemplateFormat) { self.format = format }

    public func sniff(_ sample: SniffSample) -> SniffMatch? {
        let share = format.share(of: sample)
        guard share > 0 else { return nil }
        // A format the user wrote down outranks any built-in guess that reads as many lines.
        return SniffMatch(format: format, share: share, specificity: 1000 + format.template.fields.count)
    }
}
