import CareGateCore
import Testing

@Suite struct JSONNumberTests {
    @Test(arguments: [
        ("0", 0.0), ("-0", -0.0), ("72", 72), ("72.50", 72.5), ("-17.78", -17.78), ("0.05", 0.05),
        ("1e3", 1000), ("1E+3", 1000), ("2.5e-3", 0.0025), ("123456789012345678", 123_456_789_012_345_678),
        ("0.1", 0.1), ("3.141592653589793", 3.141592653589793), ("1e-320", 1e-320),
        ("179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", 1.7976931348623157e308),
        ("0.30000000000000004", 0.30000000000000004), ("9007199254740993", 9_007_199_254_740_992),
    ])
    func doublesAreCorrectlyRounded(literal: String, expected: Double) {
        #expect(numberValue(literal) == expected, "\(literal)")
    }

    @Test func hugeExponentsOverflowToInfinity() {
        #expect(numberValue("1e999") == .infinity)
        #expect(numberValue("-1e999") == -.infinity)
    }

    @Test func invalidLiteralsAreNil() {
        for literal in ["", "-", "+1", "1.", ".1", "01x", "1e", "0x1", "nan", "inf", " 1"] {
            #expect(numberValue(literal) == nil, "\(literal)")
        }
    }

    @Test func integersAreExact() {
        #expect(integerValue("9007199254740993") == 9_007_199_254_740_993)
        #expect(integerValue("9223372036854775807") == .max)
        #expect(integerValue("-9223372036854775808") == .min)
        #expect(integerValue("9223372036854775808") == nil)
        #expect(integerValue("5.0") == 5)
        #expect(integerValue("1e3") == 1000)
        #expect(integerValue("1.5") == nil)
        #expect(integerValue("1e300") == nil)
    }
}
