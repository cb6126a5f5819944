extension Fleet {
    /// The registry seed file for this fleet, in the format the daemon loads through `registry.seed`.
    ///
    /// Written by hand rather than through a YAML emitter so the output is stable byte for byte and
    /// reads like a file an operator would write: one block per resident and per device, optional
    /// keys only where they apply, and room numbers quoted so YAML keeps them as text.
    public func registrySeedYAML() -> String {
        var out = "# Registry seed for the simulated site \(quoted(site)).\n"
        out += "residents:\n"
        for resident in residents {
            out += "  - ref: \(resident.ref)\n"
            out += "    fall_risk: \(resident.fallRisk.rawValue)\n"
            out += "    exit_risk: \(resident.exitRisk)\n"
            out += "    bed_bound: \(resident.bedBound)\n"
            if let hours = resident.repositioningHours {
                out += "    repositioning_hours: \(hours.rounded() == hours ? String(Int(hours)) : String(hours))\n"
            }
            out += "    night_window: \(quoted(resident.nightWindow.description))\n"
        }
        out += "devices:\n"
        for device in devices {
            out += "  - id: \(device.id)\n"
            out += "    kind: \(device.kind.rawValue)\n"
            out += "    profile: \(device.profileId)\n"
            out += "    room: \(quoted(device.room))\n"
            // YAML 1.1 reads a bare Y or N as a boolean.
            if let bed = device.bed { out += "    bed: \(["Y", "N"].contains(bed) ? quoted(bed) : bed)\n" }
            if let zone = device.zone { out += "    zone: \(zone)\n" }
            if let resident = device.residentRef { out += "    resident: \(resident)\n" }
            if let tag = device.assetTag { out += "    asset_tag: \(tag)\n" }
            if let contract = device.rentalContract { out += "    rental_contract: \(contract)\n" }
        }
        return out
    }

    private func quoted(_ text: String) -> String {
        var out = "\""
        for character in text {
            if character == "\"" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out + "\""
    }
}
