import Foundation

/// The kind of records a file holds.
public enum InputKind: String, Sendable, CaseIterable, Comparable {
    case access, tagging, consent
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// One input to read: a file path as the user gave it (or as found under a directory they gave),
/// or standard input.
public struct InputFile: Sendable, Hashable {
    /// The path as shown in outputs (`source` column, `file:line` examples); `-` for stdin.
    public let displayPath: String
    /// The kind forced by `--access` and friends, nil when it is to be sniffed.
    public let forcedKind: InputKind?

    public var isStandardInput: Bool { displayPath == "-" }

    public init(displayPath: String, forcedKind: InputKind? = nil) {
        self.displayPath = displayPath
        self.forcedKind = forcedKind
    }
}

/// An input that cannot be used at all: the run stops with exit status 2.
public struct InputError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { "\(path): \(reason)" }
}

/// Expands the command line's inputs into the files to read.
public enum InputFiles {
    /// Files first in argument order; a directory becomes every regular file below it, sorted by
    /// path (byte order), leaving out hidden files and folders (`.name`) and documentation that
    /// sits beside logs (`README*`, `*.md`); `-` is standard input. A file named explicitly is
    /// always read.
    public static func expand(_ arguments: [(path: String, kind: InputKind?)]) throws(InputError) -> [InputFile] {
        var files: [InputFile] = []
        var seen = Set<String>()
        for (path, kind) in arguments {
            if path == "-" {
                files.append(InputFile(displayPath: "-", forcedKind: kind))
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw InputError(path: path, reason: "no such file or directory")
            }
            let found: [String]
            if isDirectory.boolValue {
                found = try walk(path)
            } else {
                guard FileManager.default.isReadableFile(atPath: path) else {
                    throw InputError(path: path, reason: "not readable (permission denied)")
                }
                found = [path]
            }
            for file in found where seen.insert(file).inserted {
                files.append(InputFile(displayPath: file, forcedKind: kind))
            }
        }
        return files
    }

    static func isDocumentation(_ name: String) -> Bool {
        name.hasPrefix("README") || name.lowercased().hasSuffix(".md")
    }

    private static func walk(_ directory: String) throws(InputError) -> [String] {
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        guard let enumerator = FileManager.default.enumerator(atPath: base) else {
            throw InputError(path: directory, reason: "cannot list directory")
        }
        var result: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let components = relative.split(separator: "/")
            if components.contains(where: { $0.hasPrefix(".") }) { continue }
            if let name = components.last, isDocumentation(String(name)) { continue }
            let full = base + "/" + relative
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                result.append(full)
            }
        }
        // Byte order, not locale order, so the same tree always reads in the same order.
        return result.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }
}
