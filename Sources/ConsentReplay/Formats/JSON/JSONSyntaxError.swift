/// Why a byte buffer is not a JSON document, and where the problem was found.
///
/// `offset` counts bytes from the start of the buffer given to ``JSONTape/parse(_:)``,
/// starting at 0. The description is a short sentence meant for a log file or a terminal,
/// for example `unterminated string at byte 57` or `nesting deeper than 512 at byte 512`.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the document.
    public enum Reason: Sendable, Equatable {
        /// The input is empty or holds only whitespace.
        case emptyInput
        /// The input ended where a value, a key, a `:` or a `,` was still expected.
        case unexpectedEnd
        /// The input ended before the object opened at `openedAt` was closed.
        case unclosedObject(openedAt: Int)
        /// The input ended before the array opened at `openedAt` was closed.
        case unclosedArray(openedAt: Int)
        /// A string has no closing quote; `offset` is its opening quote.
        case unterminatedString
        /// A byte below 0x20 appears unescaped inside a string.
        case controlCharacterInString
        /// A backslash is followed by something other than `" \ / b f n r t` or `u` and 4 hex digits.
        case invalidEscape
        /// A number does not follow the JSON grammar (`-? int frac? exp?`, no leading zeros).
        case invalidNumber
        /// A bare word that is not `true`, `false` or `null`.
        case invalidLiteral
        /// A byte that cannot appear here; `expected` says what could.
        case unexpectedByte(UInt8, expected: Expectation)
        /// More than ``JSONTape/maximumDepth`` nested objects and arrays.
        case nestingTooDeep
        /// Something other than whitespace follows the complete top-level value.
        case trailingData
        /// The input is 4 GiB or larger; offsets on the tape are 32 bits.
        case inputTooLarge
    }

    /// What the parser was looking for when it met an unexpected byte.
    public enum Expectation: Sendable, Equatable {
        /// The start of a value (`{ [ " - 0-9 t f n`).
        case value
        /// A quoted object key or `}` right after `{`.
        case keyOrObjectEnd
        /// A quoted object key after `,`.
        case key
        /// The `:` after an object key.
        case colon
        /// `,` or `}` after an object member.
        case commaOrObjectEnd
        /// `,` or `]` after an array element.
        case commaOrArrayEnd

        var text: String {
            switch self {
            case .value: return "a value"
            case .keyOrObjectEnd: return "a quoted key or '}'"
            case .key: return "a quoted key"
            case .colon: return "':'"
            case .commaOrObjectEnd: return "',' or '}'"
            case .commaOrArrayEnd: return "',' or ']'"
            }
        }
    }

    /// Byte offset (0-based) in the parsed buffer where the problem was found.
    public var offset: Int
    /// What is wrong.
    public var reason: Reason

    /// Creates an error at a byte offset.
    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String {
        switch reason {
        case .emptyInput:
            return "empty input, no JSON value"
        case .unexpectedEnd:
            return "unexpected end at byte \(offset)"
        case .unclosedObject(let openedAt):
            return "unexpected end at byte \(offset): object opened at byte \(openedAt) is not closed"
        case .unclosedArray(let openedAt):
            return "unexpected end at byte \(offset): array opened at byte \(openedAt) is not closed"
        case .unterminatedString:
            return "unterminated string at byte \(offset)"
        case .controlCharacterInString:
            return "unescaped control character in string at byte \(offset)"
        case .invalidEscape:
            return "invalid escape sequence at byte \(offset)"
        case .invalidNumber:
            return "invalid number at byte \(offset)"
        case .invalidLiteral:
            return "invalid literal at byte \(offset) (expected true, false or null)"
        case .unexpectedByte(let byte, let expected):
            return "unexpected \(JSONSyntaxError.show(byte)) at byte \(offset), expected \(expected.text)"
        case .nestingTooDeep:
            return "nesting deeper than \(JSONTape.maximumDepth) at byte \(offset)"
        case .trailingData:
            return "trailing data after value at byte \(offset)"
        case .inputTooLarge:
            return "input too large (4 GiB or more)"
        }
    }

    /// A byte as a user would want to see it: `'x'` when printable ASCII, `0x07` otherwise.
    static func show(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F {
            return "'" + String(UnicodeScalar(byte)) + "'"
        }
        let digits = Array("0123456789ABCDEF")
        return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
