import Testing
@testable import ConsentReplay

/// The instance a Cloud Logging record names (`revision/instanceId`): a `labels` or `resource`
/// object repeated from the line before is not read again, and one that changes is.
struct CloudLoggingEnvelopeTests {
    static func hit(instance: String?, revision: String?, resourceInstance: String? = nil, cid: String) -> String {
        var line = TaggingSamples.collectHit.replacingOccurrences(of: "cid=1234567890.1795255100", with: "cid=" + cid)
        line = line.replacingOccurrences(of: #""labels":{"instanceId":"00f46b9285"}"#,
                                         with: instance.map { #""labels":{"instanceId":"\#($0)"}"# } ?? #""labels":{}"#)
        var resourceLabels: [String] = []
        if let revision { resourceLabels.append(#""revision_name":"\#(revision)""#) }
        if let resourceInstance { resourceLabels.append(#""instance_id":"\#(resourceInstance)""#) }
        resourceLabels.append(#""service_name":"sgtm""#)
        return line.replacingOccurrences(of: #""labels":{"revision_name":"sgtm-00042-abc","service_name":"sgtm"}"#,
                                         with: #""labels":{\#(resourceLabels.joined(separator: ","))}"#)
    }

    @Test func changedLabelsAreReadAgain() {
        let lines = [
            Self.hit(instance: "aaa", revision: "rev-1", cid: "1.1"),
            Self.hit(instance: "aaa", revision: "rev-1", cid: "1.2"),
            Self.hit(instance: "bbb", revision: "rev-1", cid: "1.3"),
            Self.hit(instance: "bbb", revision: "rev-2", cid: "1.4"),
            Self.hit(instance: nil, revision: "rev-2", resourceInstance: "ccc", cid: "1.5"),
            Self.hit(instance: nil, revision: "rev-2", resourceInstance: "ccc", cid: "1.6"),
            Self.hit(instance: nil, revision: nil, cid: "1.7"),
            Self.hit(instance: "aaa", revision: "rev-1", cid: "1.8"),
        ]
        let events = runTagging(.cloudLogging, lines).taggingEvents
        #expect(events.map(\.clientID) == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8"])
        #expect(events.map(\.instance) == ["rev-1/aaa", "rev-1/aaa", "rev-1/bbb", "rev-2/bbb", "ccc", "ccc", nil, "rev-1/aaa"])
    }
}
