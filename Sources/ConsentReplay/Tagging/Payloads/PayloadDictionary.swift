// The machinery shared by the vendor dictionaries: a vendor is a table of routes from the top
// of its JSON body to personal values, plus a table of URL query (or form) parameter names.
//
// Route layout (`PayloadRule`):
//
//     path  = key *( "." key )      e.g. "data.user_data.em"
//     leaf  = field F               every value found there is an F
//           / typed(T, V, map)      an array of {T: type, V: value} objects; map[type] names
//                                   the field (LinkedIn `userIds`)
//
// Arrays are looked through at every step, so `data.user_data.em` reaches `data[3].user_data.em`
// and every element of `em` when it is an array of strings; a vendor that sends one object
// where its API allows an array is read the same way. A leaf string is classified by
// `ValueShape` (hashed / clear / absent); a number is a clear value; `null`, booleans and
// objects are not values.
//
// Bodies that are not JSON are read as form fields (`name=value&…`): the query table applies
// to them, and a field whose value is JSON (Meta's `data=[…]` form post) is walked with the
// routes that start with that field's name.

/// One route from the top of a vendor's JSON body to a personal value.
struct PayloadRule: Sendable {
    /// What the route ends at.
    enum Leaf: Sendable {
        /// Every value at the end of the route is this field.
        case field(PersonalField)
        /// An array of objects whose `typeKey` member names the kind of id and whose
        /// `valueKey` member holds it; types missing from the map are not personal fields.
        case typed(typeKey: [UInt8], valueKey: [UInt8], types: [String: PersonalField])
    }

    let path: [[UInt8]]
    let leaf: Leaf

    /// A route given as dotted keys (`"data.user_data.em"`) ending at `field`.
    init(_ path: String, _ field: PersonalField) {
        self.path = path.split(separator: ".").map { Array($0.utf8) }
        self.leaf = .field(field)
    }

    /// A route to an array of typed ids.
    init(_ path: String, typeKey: String, valueKey: String, types: [String: PersonalField]) {
        self.path = path.split(separator: ".").map { Array($0.utf8) }
        self.leaf = .typed(typeKey: Array(typeKey.utf8), valueKey: Array(valueKey.utf8), types: types)
    }
}

/// What a URL query or form parameter carries.
enum QueryAction: Sendable {
    /// The parameter's value is this field.
    case field(PersonalField)
    /// Google's user-provided-data string (`tv.1~em.…~pn.…`), see `UserProvidedData`.
    case userProvidedData
}

/// One vendor's dictionary: body routes and query parameter names, with optional readers that
/// replace the defaults for vendors whose wire format is not a plain table (GA4 hits).
struct VendorDictionary: Sendable {
    let bodyRules: [PayloadRule]
    /// `bodyRules` merged by shared prefixes, so a JSON body is walked once for all of them.
    let bodyRoutes: PayloadRoutes
    /// Decoded parameter name → what it carries.
    var queryRules: [String: QueryAction]
    /// Reads the URL query instead of `queryRules` when set.
    var queryReader: (@Sendable (UnsafeBufferPointer<UInt8>) -> [PersonalValue])? = nil
    /// Reads a body that is not JSON instead of the form-field default when set; it also gets
    /// the URL query (GA4 batches share the URL's parameters).
    var textBodyReader: (@Sendable (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> [PersonalValue])? = nil

    init(bodyRules: [PayloadRule], queryRules: [String: QueryAction],
         queryReader: (@Sendable (UnsafeBufferPointer<UInt8>) -> [PersonalValue])? = nil,
         textBodyReader: (@Sendable (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> [PersonalValue])? = nil) {
        self.bodyRules = bodyRules
        self.bodyRoutes = PayloadRoutes(bodyRules, from: 0)
        self.queryRules = queryRules
        self.queryReader = queryReader
        self.textBodyReader = textBodyReader
    }
}

/// Body routes merged by shared prefixes (a trie over path keys): following them from a node
/// visits each object's members once, where following each rule on its own looks the same
/// keys up again for every rule (`data`, then `user_data`, for each of Meta's thirty fields).
/// Gives exactly what `PayloadReader.follow` gives for every rule: arrays are looked through at
/// every step, and a key names the first member that has it.
final class PayloadRoutes: Sendable {
    /// Rules that end here.
    let leaves: [PayloadRule.Leaf]
    /// The routes below each next key.
    let children: [PayloadRoutes]
    /// The next keys, each once, end to end (child `i`'s key is `keyBytes[keyRanges[i]]`).
    private let keyBytes: [UInt8]
    private let keyRanges: [Range<Int>]
    /// The children by `bucket` of their key: bucket `b`'s children are
    /// `bucketItems[bucketStarts[b]..<bucketStarts[b + 1]]`, so a member's key is compared with
    /// the next keys of its length and last byte only.
    private let bucketStarts: [UInt16]
    private let bucketItems: [UInt8]

    init(_ rules: [PayloadRule], from step: Int) {
        leaves = rules.filter { $0.path.count == step }.map(\.leaf)
        var keys: [[UInt8]] = []
        for rule in rules where rule.path.count > step && !keys.contains(rule.path[step]) { keys.append(rule.path[step]) }
        var bytes: [UInt8] = [], ranges: [Range<Int>] = []
        for key in keys {
            ranges.append(bytes.count..<(bytes.count + key.count))
            bytes += key
        }
        keyBytes = bytes
        keyRanges = ranges
        var byBucket = [[UInt8]](repeating: [], count: Self.bucketCount)
        for (i, key) in keys.enumerated() where i < 64 { byBucket[Self.bucket(length: key.count, last: key.last ?? 0)].append(UInt8(i)) }
        var starts: [UInt16] = [0], items: [UInt8] = []
        for list in byBucket {
            items += list
            starts.append(UInt16(items.count))
        }
        bucketStarts = starts
        bucketItems = items
        children = keys.map { key in PayloadRoutes(rules.filter { $0.path.count > step && $0.path[step] == key }, from: step + 1) }
    }

    static let bucketCount = 256

    /// The bucket of a key: its length and last byte, four bits of each.
    @inline(__always)
    static func bucket(length: Int, last: UInt8) -> Int {
        (length & 15) << 4 | Int(last & 15)
    }

    /// Follows the routes from `node`.
    func follow(_ doc: borrowing JSONDocument, _ node: JSONNode, into found: inout PersonalValueSet) {
        if node.kind == .array {
            for element in doc.elements(of: node) { follow(doc, element, into: &found) }
            return
        }
        // Arrays are read through their buffers: this runs for every object of every forward
        // body, and element copies out of the arrays cost a retain and a release each.
        leaves.withUnsafeBufferPointer { leaves in
            for i in leaves.indices { PayloadReader.reach(leaves[i], doc, node, into: &found) }
        }
        guard !children.isEmpty, node.kind == .object else { return }
        keyBytes.withUnsafeBufferPointer { flat in
            children.withUnsafeBufferPointer { children in
                guard children.count <= 64 else {
                    // More keys than the bitmask holds (no dictionary has): one lookup per key.
                    for i in children.indices {
                        let key = UnsafeBufferPointer(rebasing: flat[keyRanges[i]])
                        if let child = doc.member(of: node, keyBytes: key, loose: false) { children[i].follow(doc, child, into: &found) }
                    }
                    return
                }
                // One pass over the members; a key already followed is not followed again (the
                // first member with a key is the one `member(of:key:)` finds). A key without
                // escapes is compared with the next keys of its bucket only; one with escapes
                // (its raw length and last byte say nothing) with all of them.
                var followed: UInt64 = 0
                bucketStarts.withUnsafeBufferPointer { starts in
                    bucketItems.withUnsafeBufferPointer { items in
                        for (k, v) in doc.members(of: node) {
                            func tryChild(_ i: Int) -> Bool {
                                guard followed & (1 << UInt64(i)) == 0,
                                      doc.isString(k, equalTo: UnsafeBufferPointer(rebasing: flat[keyRanges[i]])) else { return false }
                                followed |= 1 << UInt64(i)
                                children[i].follow(doc, v, into: &found)
                                return true
                            }
                            if k.hasEscapes {
                                for i in children.indices where tryChild(i) { break }
                                continue
                            }
                            let b = doc.withRawBytes(of: k) { raw in Self.bucket(length: raw.count, last: raw.last ?? 0) }
                            for j in Int(starts[b])..<Int(starts[b + 1]) where tryChild(Int(items[j])) { break }
                        }
                    }
                }
            }
        }
    }
}

/// Applies a `VendorDictionary` to a request.
enum PayloadReader {
    /// The personal values of a request under `dictionary`, sorted, each once.
    /// The fields of the URL query and of a JSON body already parsed.
    static func read(_ dictionary: VendorDictionary, url: String, jsonBody doc: borrowing JSONDocument, _ node: JSONNode) -> [PersonalValue] {
        var found = PersonalValueSet()
        withQuery(of: url) { readQuery(dictionary, $0, into: &found) }
        dictionary.bodyRoutes.follow(doc, node, into: &found)
        return found.sorted()
    }

    static func read(_ dictionary: VendorDictionary, url: String, body: [UInt8]?) -> [PersonalValue] {
        var found = PersonalValueSet()
        withQuery(of: url) { query in
            readQuery(dictionary, query, into: &found)
            if let body { readBody(dictionary, body, query: query, into: &found) }
        }
        return found.sorted()
    }

    /// Calls `body` with the bytes of the URL's query, read in place (empty when there is none).
    static func withQuery(of url: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        url.withUTF8Buffer { whole in
            guard let range = QueryString.queryRange(inRequestTarget: whole) else {
                body(UnsafeBufferPointer(start: nil, count: 0))
                return
            }
            body(UnsafeBufferPointer(rebasing: whole[range]))
        }
    }

    /// The fields of a URL's query: the dictionary's own reader, else its query table. An
    /// empty query (none in the URL) has none.
    static func readQuery(_ dictionary: VendorDictionary, _ query: UnsafeBufferPointer<UInt8>, into found: inout PersonalValueSet) {
        guard query.baseAddress != nil else { return }
        if let reader = dictionary.queryReader {
            found.formUnion(reader(query))
        } else {
            readQuery(dictionary.queryRules, query, into: &found)
        }
    }

    static func readBody(
        _ dictionary: VendorDictionary, _ body: [UInt8], query: UnsafeBufferPointer<UInt8>,
        into found: inout PersonalValueSet
    ) {
        body.withUnsafeBufferPointer { bytes in
            guard !isBlank(bytes) else { return }
            if JSONWalk.withParsed(bytes, { doc in
                if let root = doc.root {
                    dictionary.bodyRoutes.follow(doc, root, into: &found)
                }
            }) {
                return
            }
            if let reader = dictionary.textBodyReader {
                found.formUnion(reader(bytes, query))
                return
            }
            readForm(dictionary, bytes, into: &found)
        }
    }

    /// A form body: the query table, and routes for fields whose value is JSON.
    static func readForm(_ dictionary: VendorDictionary, _ bytes: UnsafeBufferPointer<UInt8>, into found: inout PersonalValueSet) {
        readQuery(dictionary.queryRules, bytes, into: &found)
        var value: [UInt8] = []
        for item in QueryString.items(in: bytes) where item.hasEquals {
            let name = Array(QueryString.decodedString(item.name, in: bytes).utf8)
            let rules = dictionary.bodyRules.filter { $0.path.first == name }
            guard !rules.isEmpty else { continue }
            value.removeAll(keepingCapacity: true)
            QueryString.decode(item.value, in: bytes, into: &value)
            value.withUnsafeBufferPointer { json in
                _ = JSONWalk.withParsed(json) { doc in
                    if let root = doc.root { apply(rules, doc, root, from: 1, into: &found) }
                }
            }
        }
    }

    /// Query or form parameters named in `rules`.
    static func readQuery(_ rules: [String: QueryAction], _ bytes: UnsafeBufferPointer<UInt8>, into found: inout PersonalValueSet) {
        guard !rules.isEmpty else { return }
        var value: [UInt8] = []
        for item in QueryString.items(in: bytes) where item.hasEquals {
            let name = QueryString.decodedString(item.name, in: bytes)
            guard let action = rules[name] else { continue }
            value.removeAll(keepingCapacity: true)
            QueryString.decode(item.value, in: bytes, into: &value)
            switch action {
            case .field(let field):
                if let hashed = ValueShape.form(value, of: field) { found.insert(PersonalValue(field, hashed: hashed)) }
            case .userProvidedData:
                UserProvidedData.read(value, into: &found)
            }
        }
    }

    /// Follows every rule from `node`, starting at path component `start`.
    static func apply(
        _ rules: [PayloadRule], _ doc: borrowing JSONDocument, _ node: JSONNode, from start: Int,
        into found: inout PersonalValueSet
    ) {
        for rule in rules {
            follow(rule, doc, node, step: start, into: &found)
        }
    }

    static func follow(
        _ rule: PayloadRule, _ doc: borrowing JSONDocument, _ node: JSONNode, step: Int,
        into found: inout PersonalValueSet
    ) {
        if node.kind == .array {
            for element in doc.elements(of: node) {
                follow(rule, doc, element, step: step, into: &found)
            }
            return
        }
        guard step < rule.path.count else {
            reach(rule.leaf, doc, node, into: &found)
            return
        }
        guard node.kind == .object, let child = doc.member(of: node, key: rule.path[step]) else { return }
        follow(rule, doc, child, step: step + 1, into: &found)
    }

    /// The values at the end of a route (`node` is not an array).
    static func reach(_ leaf: PayloadRule.Leaf, _ doc: borrowing JSONDocument, _ node: JSONNode, into found: inout PersonalValueSet) {
        switch leaf {
        case .field(let field):
            JSONWalk.emit(field, doc, node, into: &found)
        case .typed(let typeKey, let valueKey, let types):
            guard node.kind == .object,
                  let typeNode = doc.member(of: node, key: typeKey),
                  let type = doc.string(typeNode),
                  let field = types[type],
                  let valueNode = doc.member(of: node, key: valueKey)
            else { return }
            JSONWalk.emit(field, doc, valueNode, into: &found)
        }
    }

    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy(ValueShape.isBlank)
    }
}

/// Small helpers over `JSONTape` / `JSONDocument` used by the payload readers.
enum JSONWalk {
    /// Parses `bytes` and runs `body` on the document; `false` (and `body` not run) when the
    /// bytes are not one JSON document.
    @discardableResult
    static func withParsed(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (borrowing JSONDocument) -> Void) -> Bool {
        var tape = JSONTape()
        do {
            try tape.parse(bytes)
        } catch {
            return false
        }
        tape.withDocument(bytes) { doc in body(doc) }
        return true
    }

    /// Records `node` as a value of `field`: strings by shape, numbers as clear, arrays
    /// element by element; anything else is not a value.
    static func emit(_ field: PersonalField, _ doc: borrowing JSONDocument, _ node: JSONNode, into found: inout PersonalValueSet) {
        switch node.kind {
        case .string:
            // A string without escapes is read where it lies (a forward's body holds dozens).
            let form: Bool?
            if node.hasEscapes {
                var text: [UInt8] = []
                doc.appendString(node, to: &text)
                form = ValueShape.form(text, of: field)
            } else {
                form = doc.withRawBytes(of: node) { ValueShape.form($0, of: field) }
            }
            if let hashed = form { found.insert(PersonalValue(field, hashed: hashed)) }
        case .number:
            found.insert(PersonalValue(field, hashed: false))
        case .array:
            for element in doc.elements(of: node) {
                emit(field, doc, element, into: &found)
            }
        case .object, .true, .false, .null:
            return
        }
    }

    /// The decoded key bytes of a member key node.
    static func key(_ doc: borrowing JSONDocument, _ node: JSONNode) -> [UInt8] {
        var bytes: [UInt8] = []
        doc.appendString(node, to: &bytes)
        return bytes
    }
}
