import Foundation
import Testing

/// The package's root folder, found from this file's path.
let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
}()

/// Compares `actual` with the golden file `Fixtures/golden/<name>`. With `RECORD_SNAPSHOTS=1`
/// in the environment the file is (re)written and the test fails, so a recording never passes
/// silently; the change then shows in `git diff`.
func expectMatchesSnapshot(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let path = packageRoot + "/Tests/ConsentReplayTests/Fixtures/golden/" + name
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
        try? actual.write(toFile: path, atomically: true, encoding: .utf8)
        Issue.record("recorded snapshot \(name); rerun without RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
        return
    }
    guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
        Issue.record("no snapshot \(name) yet: run with RECORD_SNAPSHOTS=1 to record it", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
        Issue.record("""
            output differs from snapshot \(name) at line \(first + 1):
              expected: \(first < e.count ? String(e[first]) : "<end>")
              actual:   \(first < a.count ? String(a[first]) : "<end>")
            (RECORD_SNAPSHOTS=1 re-records it)
            """, sourceLocation: sourceLocation)
    }
}
