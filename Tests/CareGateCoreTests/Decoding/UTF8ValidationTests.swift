import CareGateCore
import Testing

@Suite struct UTF8ValidationTests {
    private func valid(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { UTF8Validation.isValid($0) } }

    @Test func acceptsWellFormedText() {
        #expect(valid(Array("plain ascii long enough to use the 8-byte path".utf8)))
        #expect(valid(Array("卧室 café 😀 \u{10FFFF}".utf8)))
        #expect(valid([]))
    }

    @Test(arguments: [
        [0x80], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF0, 0x80, 0x80, 0x80],
        [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xE2, 0x82], [0x41, 0x42, 0xC3],
        [0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0xE2, 0x28, 0xA1],
    ] as [[UInt8]])
    func rejectsIllFormedSequences(bytes: [UInt8]) {
        #expect(!valid(bytes))
    }
}
