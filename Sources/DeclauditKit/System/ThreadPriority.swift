#if canImport(Glibc)
    import Glibc
#endif

/// The calling thread's share of the processor.
enum ThreadPriority {
    /// Lowers the calling thread's priority by `steps` nice levels (Linux keeps a nice value per
    /// thread): a thread that only has to keep up with another one, on average, leaves that one
    /// the processor when both want it. Best effort: a refusal changes nothing but speed.
    static func lowerCurrent(by steps: Int32) {
        guard let current = niceValue else { return }
        _ = setpriority(which, callingThread, current + steps)
    }

    /// The calling thread's nice value (-20 to 19, 0 normally); nil if it cannot be read.
    static var niceValue: Int32? {
        errno = 0
        let value = getpriority(which, callingThread)
        return errno == 0 ? value : nil
    }

    private static let which = __priority_which_t(PRIO_PROCESS.rawValue)
    /// With PRIO_PROCESS, who 0 is the calling thread on Linux, not the whole process.
    private static let callingThread = id_t(0)
}
