import Foundation
import Testing
@testable import ConsentReplay

@Suite struct SecretRedactionPayloadTests {
    static let secret = "SEKRETvalue123"

    static func text(_ input: String) -> String {
        String(decoding: SecretRedaction.redactText(Array(input.utf8)), as: UTF8.self)
    }

    static func isValidJSON(_ bytes: [UInt8]) -> Bool {
        var tape = JSONTape()
        return bytes.withUnsafeBufferPointer { buffer in
            do {
                try tape.parse(buffer)
                return true
            } catch {
                return false
            }
        }
    }

    @Test("every name in a URL query, plain and percent-encoded", arguments: SecretRedaction.names)
    func urlQuery(_ name: String) {
        let plain = SecretRedaction.redactURL("https://api.example/v1/x?a=1&\(name)=\(Self.secret)&b=2#top")
        #expect(plain == "https://api.example/v1/x?a=1&\(name)=[redacted]&b=2#top")
        let encodedName = PayloadFixtures.percentEncoded(name)
        let encoded = SecretRedaction.redactURL("https://api.example/x?\(encodedName)=\(Self.secret)%2Bx")
        #expect(encoded == "https://api.example/x?\(encodedName)=[redacted]")
        let upper = SecretRedaction.redactURL("https://api.example/x?\(name.uppercased())=\(Self.secret)")
        #expect(!upper.contains(Self.secret))
    }

    @Test func urlOtherPlaces() {
        #expect(SecretRedaction.redactURL("https://www.google-analytics.com/mp/collect?measurement_id=G-1&api_secret=abc")
            == "https://www.google-analytics.com/mp/collect?measurement_id=G-1&api_secret=[redacted]")
        #expect(SecretRedaction.redactURL("https://app.example/cb#access_token=tok123&state=x")
            == "https://app.example/cb#access_token=[redacted]&state=x")
        #expect(SecretRedaction.redactURL("https://user:hunter2@host.example/p?q=1")
            == "https://user:[redacted]@host.example/p?q=1")
        let nested = SecretRedaction.redactURL("https://x.example/r?next=https%3A%2F%2Fg.example%2F%3Faccess_token%3DSEKRET%26a%3D1")
        #expect(!nested.contains("SEKRET"))
        #expect(nested.hasSuffix("%26a%3D1"))
        #expect(SecretRedaction.redactURL("https://x.example/p?token_type=bearer&passwordless=1")
            == "https://x.example/p?token_type=bearer&passwordless=1")
        #expect(SecretRedaction.redactURL("https://x.example/p?access_token_expires=5") == "https://x.example/p?access_token_expires=5")
    }

    @Test func jsonAtDepth() {
        let input = """
        {"Name":"Facebook CAPI","RequestBody":{"data":[{"user_data":{"em":"x"}}],"access_token":"EAAB\(Self.secret)",
         "nested":{"deeper":[{"appsecret_proof":"\(Self.secret)"},{"Api-Secret":123456789}]}},
         "RequestHeaders":{"Authorization":"Bearer \(Self.secret)","developer-token":{"v":"\(Self.secret)"}},
         "har":[{"name":"Access-Token","value":"\(Self.secret)"}],"pairs":[["client_secret","\(Self.secret)"]],
         "RequestUrl":"https://graph.facebook.com/v19.0/1/events?access_token=\(Self.secret)&x=1",
         "ResponseBody":"{\\"refresh_token\\":\\"\(Self.secret)\\",\\"ok\\":true}",
         "password":null,"keep":"access"}
        """
        let output = SecretRedaction.redactText(Array(input.utf8))
        let text = String(decoding: output, as: UTF8.self)
        #expect(!text.contains(Self.secret))
        #expect(!text.contains("123456789"))
        #expect(Self.isValidJSON(output))
        #expect(text.contains(#""access_token":"[redacted]""#))
        #expect(text.contains(#""Api-Secret":"[redacted]""#))
        #expect(text.contains(#""developer-token":"[redacted]""#))
        #expect(text.contains("events?access_token=[redacted]&x=1"))
        #expect(text.contains(#""password":null"#))
        #expect(text.contains(#""keep":"access""#))
        #expect(SecretRedaction.redactText(output) == output)
    }

    @Test func headerAndFormText() {
        #expect(Self.text("POST /v16/customers/1:uploadClickConversions\nAuthorization: Bearer ya29.a0AfB\ndeveloper-token: DEVTOK\nContent-Type: application/json")
            == "POST /v16/customers/1:uploadClickConversions\nAuthorization: [redacted]\ndeveloper-token: [redacted]\nContent-Type: application/json")
        #expect(Self.text("Access-Token: tt123; other=1") == "Access-Token: [redacted]; other=1")
        #expect(Self.text("data=%5B%5D&access_token=EAAB123&appsecret_proof=abc") == "data=%5B%5D&access_token=[redacted]&appsecret_proof=[redacted]")
        #expect(Self.text("headers={Authorization=Bearer abc123, Accept=*/*}") == "headers={Authorization=[redacted], Accept=*/*}")
        #expect(Self.text(#"broken {"access_token": "abc", "x": 1"#) == #"broken {"access_token": "[redacted]", "x": 1"#)
        #expect(Self.text(#"msg=\"password\":\"pa\\\"ss\" done"#).contains("[redacted]"))
        #expect(Self.text("Reason: authorization failed") == "Reason: authorization failed")
    }

    // MARK: Property

    /// SplitMix64: a small deterministic generator so failures reproduce.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Secret values use upper-case letters and digits only, everything else lower case, so a
    /// leftover piece of a secret cannot be confused with other content.
    static func secretValue(_ rng: inout Generator) -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String((0..<Int.random(in: 16...40, using: &rng)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
    }

    static func word(_ rng: inout Generator) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz")
        return String((0..<Int.random(in: 1...8, using: &rng)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] })
    }

    static let spellings = SecretRedaction.names + ["ACCESS_TOKEN", "accessToken", "apiSecret", "x-access-token", "Proxy-Authorization", "ClientSecret"]

    /// A random JSON value; secret keys appear with probability ~1/4 per member.
    static func value(_ rng: inout Generator, depth: Int, secrets: inout [String]) -> String {
        let choice = depth > 4 ? Int.random(in: 0...2, using: &rng) : Int.random(in: 0...5, using: &rng)
        switch choice {
        case 0: return "\"\(word(&rng))\""
        case 1: return String(Int.random(in: 0...999, using: &rng))
        case 2: return ["true", "false", "null"][Int.random(in: 0...2, using: &rng)]
        case 3:
            let items = (0..<Int.random(in: 0...4, using: &rng)).map { _ in value(&rng, depth: depth + 1, secrets: &secrets) }
            return "[" + items.joined(separator: ",") + "]"
        case 4:
            // A string holding a URL or a header with a secret.
            let secret = secretValue(&rng)
            secrets.append(secret)
            let name = spellings[Int.random(in: 0..<spellings.count, using: &rng)]
            return Bool.random(using: &rng)
                ? "\"https://h.example/p?\(word(&rng))=1&\(name)=\(secret)&z=2\""
                : "\"\(name): \(secret)\""
        default:
            var members: [String] = []
            for _ in 0..<Int.random(in: 0...5, using: &rng) {
                if Int.random(in: 0...3, using: &rng) == 0 {
                    let secret = secretValue(&rng)
                    secrets.append(secret)
                    let name = spellings[Int.random(in: 0..<spellings.count, using: &rng)]
                    let shape = Int.random(in: 0...3, using: &rng)
                    let secretJSON = shape == 0 ? "\"\(secret)\""
                        : shape == 1 ? "{\"v\":\"\(secret)\"}"
                        : shape == 2 ? "[\"\(secret)\"]"
                        : "\"Bearer \(secret)\""
                    members.append("\"\(name)\":\(secretJSON)")
                } else {
                    members.append("\"\(word(&rng))\":\(value(&rng, depth: depth + 1, secrets: &secrets))")
                }
            }
            return "{" + members.joined(separator: ",") + "}"
        }
    }

    @Test func randomJSONNeverKeepsASecret() {
        var rng = Generator(state: 0x5EC2E7)
        var checked = 0
        for _ in 0..<400 {
            var secrets: [String] = []
            let document = "{" + "\"root\":" + Self.value(&rng, depth: 0, secrets: &secrets) + "}"
            guard !secrets.isEmpty else { continue }
            let output = SecretRedaction.redactText(Array(document.utf8))
            let text = String(decoding: output, as: UTF8.self)
            #expect(Self.isValidJSON(output), "\(document)")
            for secret in secrets {
                // No 4-character piece of any secret may survive.
                let characters = Array(secret)
                for start in 0...(characters.count - 4) {
                    let piece = String(characters[start..<(start + 4)])
                    #expect(!text.contains(piece), "\(piece) of \(secret) left in \(text)")
                }
            }
            checked += 1
        }
        #expect(checked > 100)
    }

    // MARK: The pre-scan that lets most bodies skip redaction

    @Test func preScanNeedlesAreTheirLetters() {
        typealias N = SecretRedaction.Needles
        #expect(N.token == N.pack("token") && N.secret == N.pack("secret") && N.password == N.pack("password"))
        #expect(N.rization == N.pack("rization") && N.autho == N.pack("autho"))
    }

    static func mayHold(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer(SecretRedaction.mayHoldSecretName)
    }

    @Test("the pre-scan sees every name however it is spelt", arguments: SecretRedaction.names)
    func preScanSeesEveryName(_ name: String) {
        let encoded = name.utf8.map { String(format: "%%%02X", $0) }.joined()
        let spellings = [name, name.uppercased(), name.lowercased().replacingOccurrences(of: "_", with: "-"),
                         "x-" + name, name.replacingOccurrences(of: "o", with: "_o_"), encoded,
                         "{\"\\u0061\(name.dropFirst())\": 1}", "%25" + encoded]
        for spelling in spellings {
            #expect(Self.mayHold("a=1&" + spelling + "=v"), "\(spelling)")
        }
    }

    /// The block test of the prefilter looks two units back from a fragment's last letter: a
    /// separator or an escape in either place, or the letters of the fragment, must each pass,
    /// at the start of the text, inside a sixteen-byte block and across one.
    @Test("the pre-scan's look-back lets every spelling through", arguments: [
        "token", "tok-en", "toke_n", "to_ken", "secret", "secr_et", "secre-t", "password", "passwo_rd", "passwor-d",
        "authorization", "authorizati-on", "authorizatio_n", "toke%6E", "tok%65n", "to%6Ben", "passwo%72d", "secr%65t",
        "authorizati%6Fn", "TOKEN", "SeCrEt", "PassWorD",
    ])
    func preScanLookBack(_ spelling: String) {
        for prefix in ["", "x", "%20", "0123456789abcdef", "0123456789abcde", "%41" + String(repeating: "y", count: 20)] {
            // Filler after it, so that the spelling lies in a block and not in the tail the
            // scan reads byte by byte.
            let text = prefix + spelling + "=v&" + String(repeating: "z", count: 40)
            #expect(Self.mayHold(text), "\(text)")
            let scan = Array(text.utf8).withUnsafeBufferPointer(SecretRedaction.mayHoldSecretNameDecoding)
            #expect(scan, "\(text)")
        }
    }

    /// Runs the prefilter and the decoding scan on 20,000 random texts of up to `pieces` pieces
    /// (each text shaped by `shape` first); they must answer alike. Returns how many answered
    /// `true`, so a check that only ever sees one answer shows.
    static func preScanAgrees(seed: UInt64, _ alphabet: [String], pieces: Int,
                              shape: (inout [UInt8], inout TestRandom) -> Void = { _, _ in }) -> Int {
        var random = TestRandom(seed: seed)
        var found = 0
        for _ in 0..<20_000 {
            var text: [UInt8] = []
            for _ in 0..<random.int(0..<pieces) { text += Array(alphabet[random.int(0..<alphabet.count)].utf8) }
            shape(&text, &random)
            let fast = text.withUnsafeBufferPointer(SecretRedaction.mayHoldSecretName)
            let scan = text.withUnsafeBufferPointer(SecretRedaction.mayHoldSecretNameDecoding)
            #expect(fast == scan, "\(String(decoding: text, as: UTF8.self))")
            if fast { found += 1 }
        }
        return found
    }

    /// Text without `%` answers as the decoding scan does, on random text built from the names'
    /// letters, both cases, `-`, `_`, backslashes and filler.
    @Test func fastPreScanAgreesWithTheDecodingScan() {
        let found = Self.preScanAgrees(seed: 77, ["tok", "en", "TOK", "EN", "sec", "ret", "SeC", "pass", "word", "PASS", "WORD",
                                                  "autho", "rization", "AUTHO", "RIZATION", "-", "_", "t", "n", "d", "e", "o", "r",
                                                  "x", "1", "\"", ":", ",", " ", "\\"], pieces: 40)
        #expect(found > 1_000)
    }

    /// Text holding `%` is read from the places a fragment can end, decoding escapes backwards:
    /// it must answer as the decoding scan does, on random text mixing escapes of the names'
    /// letters and separators, escapes of `%` and `\`, broken escapes (`%`, `%7`, `%%`), hex
    /// digits that belong to an escape (`%3d`) and the same letters unescaped.
    @Test func escapedPreScanAgreesWithTheDecodingScan() {
        let found = Self.preScanAgrees(seed: 78, ["tok", "en", "TOK", "sec", "ret", "pass", "wor", "d", "D", "autho", "rizatio",
                                                  "n", "t", "e", "o", "r", "%74", "%54", "%6E", "%6e", "%4E", "%64", "%44", "%65",
                                                  "%45", "%6F", "%72", "%63", "%2D", "%5F", "%5f", "%25", "%5C", "%", "%7", "%%",
                                                  "%3d", "%3D", "%d", "d1", "%6", "-", "_", "=", "&", "x", "1"], pieces: 30) { text, random in
            text.insert(UInt8(ascii: "%"), at: 0)
            if random.int(0..<2) == 0 { text.swapAt(0, random.int(0..<text.count)) }
        }
        #expect(found > 1_000 && found < 19_000)
    }

    /// Long text (many sixteen-byte blocks) mixing literal fragments, escapes, backslashes and
    /// filler, with the first `%` or backslash anywhere: the one-pass scan stops at whichever
    /// comes first and must still answer as the decoding scan does.
    @Test func preScanOfLongMixedTextAgreesWithTheDecodingScan() {
        let found = Self.preScanAgrees(seed: 79, ["tok", "en", "TOK", "EN", "sec", "ret", "pass", "wor", "d", "autho", "rizatio",
                                                  "n", "t", "e", "o", "r", "-", "_", "%74", "%6E", "%64", "%65", "%2D", "%25", "%5C",
                                                  "%", "%3d", "\\", "x", "1", "\"", ":", "event_name", "content", "order_id",
                                                  "Mozilla/5.0 (X11)", " ", "{", "}", "https://a.example/p?q=1"], pieces: 80)
        #expect(found > 1_000 && found < 19_000)
    }

    @Test func preScanLetsOrdinaryPayloadsThroughUnchanged() {
        let body = #"{"data":[{"event_name":"Purchase","event_time":1795219237,"user_data":{"em":["7ee438dc"],"client_ip_address":"91.51.95.235"},"custom_data":{"value":71.4,"currency":"EUR"}}]}"#
        let url = "https://www.facebook.com/tr/?id=123&ev=PageView&dl=https%3A%2F%2Fwww.shop.example%2F&fbp=fb.1.1.2"
        #expect(!Self.mayHold(body) && !Self.mayHold(url))
        #expect(SecretRedaction.redactText(Array(body.utf8)) == Array(body.utf8))
        #expect(SecretRedaction.redactURL(url) == url)
        // A word that merely contains a fragment goes through the full scan, which keeps it.
        let tokens = #"{"tokens":3,"secretary":"x"}"#
        #expect(Self.mayHold(tokens))
        #expect(SecretRedaction.redactText(Array(tokens.utf8)) == Array(tokens.utf8))
    }
}
