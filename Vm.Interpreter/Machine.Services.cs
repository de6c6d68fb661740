using System.Text;
using Vm.Core.Abi;
using Vm.Core.Bytecode;
using Vm.Core.Modules;
using Vm.Gc;

namespace Vm.Interpreter;

// Out-of-line runtime services of the interpreter loop: runtime errors, panic and recover
// (gopanic's loop without host recursion), fatal errors, tracebacks, print and the rt functions.
public sealed unsafe partial class Machine
{
    enum Err : byte
    {
        None, Divide, Nil, Shift, MakeSlice, GrowSlice,
        Index, SliceAlen, SliceAcap, SliceB, Slice3Alen, Slice3Acap, Slice3B, Slice3C,
        // Go's plainErrors of channels: runtime errors whose text has no "runtime error: " prefix.
        MakeChan, SendClosed, CloseClosed, CloseNil,
    }

    // The pending runtime error (set by the loop before `goto raise`).
    Err _err;
    long _errX, _errY;
    string _fatal = "";

    static readonly string[] BoundsFmt =
    [
        "", "", "", "", "", "",
        "index out of range [{0}] with length {1}",
        "slice bounds out of range [:{0}] with length {1}",
        "slice bounds out of range [:{0}] with capacity {1}",
        "slice bounds out of range [{0}:{1}]",
        "slice bounds out of range [::{0}] with length {1}",
        "slice bounds out of range [::{0}] with capacity {1}",
        "slice bounds out of range [:{0}:{1}]",
        "slice bounds out of range [{0}:{1}:]",
    ];

    // Go's boundsNegErrorFmt: a negative index needs no second number.
    static readonly string[] BoundsNegFmt =
    [
        "", "", "", "", "", "",
        "index out of range [{0}]",
        "slice bounds out of range [:{0}]",
        "slice bounds out of range [:{0}]",
        "slice bounds out of range [{0}:]",
        "slice bounds out of range [::{0}]",
        "slice bounds out of range [::{0}]",
        "slice bounds out of range [:{0}:]",
        "slice bounds out of range [{0}::]",
    ];

    /// <summary>Go's slice bounds checks, in Go's order (largest bound first), for a[lo:hi] or
    /// a[lo:hi:max] of an array/string (<paramref name="isSlice"/> false: "with length") or a slice
    /// ("with capacity"). Sets the pending error and returns false on failure.</summary>
    bool CheckSlice(bool full, bool isSlice, long lo, long hi, long max, long cap)
    {
        if (full)
        {
            if ((ulong)max > (ulong)cap) { _err = isSlice ? Err.Slice3Acap : Err.Slice3Alen; _errX = max; _errY = cap; return false; }
            if ((ulong)hi > (ulong)max) { _err = Err.Slice3B; _errX = hi; _errY = max; return false; }
            if ((ulong)lo > (ulong)hi) { _err = Err.Slice3C; _errX = lo; _errY = hi; return false; }
        }
        else
        {
            if ((ulong)hi > (ulong)cap) { _err = isSlice ? Err.SliceAcap : Err.SliceAlen; _errX = hi; _errY = cap; return false; }
            if ((ulong)lo > (ulong)hi) { _err = Err.SliceB; _errX = lo; _errY = hi; return false; }
        }
        return true;
    }

    string RuntimeErrorText()
    {
        switch (_err)
        {
            case Err.Divide: return "runtime error: integer divide by zero";
            case Err.Nil: return "runtime error: invalid memory address or nil pointer dereference";
            case Err.Shift: return "runtime error: negative shift amount";
            case Err.MakeSlice: return "runtime error: makeslice: len out of range";
            case Err.GrowSlice: return "runtime error: growslice: cap out of range";
            case Err.MakeChan: return "makechan: size out of range";
            case Err.SendClosed: return "send on closed channel";
            case Err.CloseClosed: return "close of closed channel";
            case Err.CloseNil: return "close of nil channel";
            default:
                var fmt = _errX < 0 ? BoundsNegFmt[(int)_err] : BoundsFmt[(int)_err];
                return "runtime error: " + string.Format(fmt, _errX, _errY);
        }
    }

    /// <summary>Turns the pending runtime error into a Go panic (panicIndex, panicdivide, sigpanic...).
    /// Registers were saved by the loop.</summary>
    Act RaiseRuntimeError()
    {
        var text = RuntimeErrorText();
        bool sig = _err == Err.Nil;
        long addr = _errX;
        _err = Err.None;
        var (type, data) = NewErrorValue(text);
        if (sig) { _sig = true; _sigAddr = addr; _sigPc = _pc; }
        return StartPanic(type, data);
    }

    /// <summary>
    /// gopanic: pushes a panic record on the goroutine stack just below the panicking frame's
    /// operand-stack top (saved registers), then runs the panic loop. The record stays there,
    /// linked from G, while the deferred calls run in frames below it (docs/abi.md §_panic).
    /// </summary>
    Act StartPanic(long type, nint data)
    {
        G* g = _g;
        // The guard slack keeps room for the record below any checked frame.
        Panic* p = (Panic*)(((nint)_sp - Vm.Core.Abi.Panic.Size) & ~(nint)7);
        if ((nint)p < g->StackLo) return Throw("panic record below the stack");
        p->Argp = 0;
        p->ArgType = type;
        p->ArgData = data;
        p->Link = g->Panic;
        p->Fp = (nint)_fp;
        p->Pc = _pc;
        p->Recovered = 0;
        p->Aborted = 0;
        g->Panic = (nint)p;
        return PanicLoop();
    }

    /// <summary>
    /// The body of gopanic's loop: takes the newest deferred call and asks the interpreter loop to
    /// call it (continuation <see cref="Continuation.Panic"/>, frame below the panic record); when
    /// that call returns, <see cref="AfterPanicDeferCall"/> continues here. A record already started
    /// (by deferreturn or an earlier panic) is one this panic ran past: that panic is aborted and
    /// the record dropped. A started record is kept linked while its call runs, with _panic set, so
    /// a newer panic finds it and so the stack copier (later) adjusts it like any other record.
    /// </summary>
    Act PanicLoop()
    {
        G* g = _g;
        for (;;)
        {
            Panic* p = (Panic*)g->Panic;
            Defer* d = (Defer*)g->Defer;
            if (d == null) return FatalPanic();
            int nargs = d->Siz >> 3;
            long* sp = (long*)p;
            if ((nint)(sp - nargs) - 64 < _gr.Stack.Guard)
            {
                // No room below the panic record for the deferred call's arguments: grow the stack
                // with the panicking frame on top (its operand stack is dead: Go's continpc), then
                // look again (p and d have moved).
                long size = _gr.Stack.Size * 2;
                long need = (long)(_gr.Stack.Hi - (nint)(sp - nargs)) + 64 + GoroutineStack.GuardSlack;
                while (size < need) size *= 2;
                if (size > _copier.MaxSize) return StackOverflowAt((nint)(sp - nargs));
                var top = new StackTop { Kind = TopKind.Panicking, Fp = (byte*)p->Fp, Sp = sp };
                _copier.Copy(_gr, size, ref top);
                continue;
            }
            if (d->Started != 0)
            {
                if (d->Panic != 0) ((Panic*)d->Panic)->Aborted = 1;
                d->Panic = 0;
                d->Fn = 0;
                g->Defer = d->Link;
                _pool.Return((nint)d);
                continue;
            }
            d->Started = 1;
            d->Panic = (nint)p;

            nint fv = d->Fn;
            long* args = (long*)((byte*)d + Defer.OffArgs);
            for (int i = 0; i < nargs; i++) *--sp = args[i];

            long w = fv == 0 ? 0 : *(long*)fv;
            if (w == 0)
            {
                // A nil deferred function faults when called: a new panic inside this one.
                _sp = sp; _fp = (byte*)p->Fp; _pc = (int)p->Pc;
                _err = Err.Nil; _errX = 0;
                return RaiseRuntimeError();
            }
            if ((ulong)(w - 1) >= (ulong)_nfuncs || _funcs[w - 1].NParams != nargs)
                return Throw("panic: bad deferred function");
            FuncRt* f = _funcs + (w - 1);
            // recover() is allowed only in the frame this call gets (Go's p.argp).
            byte* nbase = (byte*)sp + 8 * f->NParams - 8;
            p->Argp = (nint)(nbase - 8L * f->NSlots - (Frame.HeaderSize - 8));
            _callee = (int)(w - 1);
            _ctx = fv;
            _cont = Continuation.Panic;
            _sp = sp;
            _fp = (byte*)p->Fp;
            return Act.Call;
        }
    }

    /// <summary>A deferred call run by a panic returned (gopanic after reflectcall): drop its record;
    /// if it recovered the panic, resume the deferring frame at its deferreturn point (recovery),
    /// else go on with the next deferred call.</summary>
    Act AfterPanicDeferCall()
    {
        G* g = _g;
        Panic* p = (Panic*)g->Panic;
        Defer* d = (Defer*)g->Defer;
        if (p == null || d == null || d->Panic != (nint)p) return Throw("bad defer entry in panic");
        d->Panic = 0;
        d->Fn = 0;
        g->Defer = d->Link;
        byte* fp = (byte*)d->Sp;
        _pool.Return((nint)d);
        if (p->Recovered == 0) return PanicLoop();

        g->Panic = p->Link;
        while (g->Panic != 0 && ((Panic*)g->Panic)->Aborted != 0) g->Panic = ((Panic*)g->Panic)->Link;
        if (g->Panic == 0) _sig = false;
        // recovery: the deferring frame continues at its deferreturn point, which runs its
        // remaining deferred calls and returns normally with its named results.
        int fn = *(int*)(fp + Frame.OffFunc);
        int drp = _m.Funcs[fn].DeferReturnPc;
        if (drp < 0) return Throw("recovery: function has no deferreturn point");
        _fp = fp;
        _pc = drp;
        _sp = (long*)(fp - _funcs[fn].Region);
        return Act.Resume;
    }

    /// <summary>An unrecovered panic: print the panics oldest first, as Go's printpanics does, the
    /// signal line if the last one came from a fault, and the traceback; exit 2.</summary>
    Act FatalPanic()
    {
        lock (_out) return FatalPanicLocked();
    }

    Act FatalPanicLocked()
    {
        Panic* p = (Panic*)_g->Panic;
        PrintPanics(p);
        if (_sig)
        {
            PrintAscii("[signal SIGSEGV: segmentation violation code=0x1 addr=");
            GoFormat.Hex(_out, (ulong)_sigAddr);
            PrintAscii(" pc=");
            GoFormat.Hex(_out, (ulong)_sigPc);
            PrintAscii("]\n");
        }
        PrintAscii($"\ngoroutine {_gr.Goid} [running]:\n");
        Traceback((byte*)p->Fp, p->Pc);
        _exitCode = 2;
        return Act.Exit;
    }

    void PrintPanics(Panic* p)
    {
        if (p->Link != 0)
        {
            PrintPanics((Panic*)p->Link);
            PrintAscii("\t");
        }
        PrintAscii("panic: ");
        PrintPanicValue(p->ArgType, p->ArgData);
        if (p->Recovered != 0) PrintAscii(" [recovered]");
        PrintAscii("\n");
    }

    static string? BasicName(TypeKind k) => k switch
    {
        TypeKind.Bool => "bool", TypeKind.Int => "int", TypeKind.Int8 => "int8", TypeKind.Int16 => "int16",
        TypeKind.Int32 => "int32", TypeKind.Int64 => "int64", TypeKind.Uint => "uint", TypeKind.Uint8 => "uint8",
        TypeKind.Uint16 => "uint16", TypeKind.Uint32 => "uint32", TypeKind.Uint64 => "uint64",
        TypeKind.Uintptr => "uintptr", TypeKind.Float64 => "float64", TypeKind.String => "string",
        _ => null,
    };

    /// <summary>Go's printpanicval: basic kinds print their value (a named type wraps it as
    /// T(v), T("s")), runtime errors their Error() text, anything else "(T) 0xADDR".</summary>
    void PrintPanicValue(long type, nint data)
    {
        if (type == 0) { PrintAscii("nil"); return; }
        if (PanicText(type, data)) return; // Machine.Lang.cs: an error's or Stringer's text
        if (type == Values.RuntimeErrorType)
        {
            PrintBytes(*(nint*)data, *(long*)(data + 8));
            return;
        }
        long ti = type - 1;
        if ((ulong)ti >= (ulong)_ntypes) { PrintAscii("(?) "); GoFormat.Hex(_out, (ulong)data); return; }
        var t = _m.Types[(int)ti];
        string? basic = BasicName(t.Kind);
        if (basic == null || data == 0)
        {
            PrintAscii("(" + (t.Name.Length > 0 ? t.Name : t.Kind.ToString()) + ") ");
            GoFormat.Hex(_out, (ulong)data);
            return;
        }
        bool named = t.Name.Length > 0 && t.Name != basic && !(t.Kind == TypeKind.Uint8 && t.Name == "byte") && !(t.Kind == TypeKind.Int32 && t.Name == "rune");
        if (named) { PrintAscii(t.Name); PrintAscii("("); }
        switch (t.Kind)
        {
            case TypeKind.Bool: GoFormat.Bool(_out, *(byte*)data != 0); break;
            case TypeKind.Int8: GoFormat.Int(_out, *(sbyte*)data); break;
            case TypeKind.Int16: GoFormat.Int(_out, *(short*)data); break;
            case TypeKind.Int32: GoFormat.Int(_out, *(int*)data); break;
            case TypeKind.Int or TypeKind.Int64: GoFormat.Int(_out, *(long*)data); break;
            case TypeKind.Uint8: GoFormat.Uint(_out, *(byte*)data); break;
            case TypeKind.Uint16: GoFormat.Uint(_out, *(ushort*)data); break;
            case TypeKind.Uint32: GoFormat.Uint(_out, *(uint*)data); break;
            case TypeKind.Uint or TypeKind.Uint64 or TypeKind.Uintptr: GoFormat.Uint(_out, *(ulong*)data); break;
            case TypeKind.Float64: GoFormat.Float(_out, *(double*)data); break;
            case TypeKind.String:
                if (named) PrintAscii("\"");
                PrintBytes(*(nint*)data, *(long*)(data + 8));
                if (named) PrintAscii("\"");
                break;
        }
        if (named) PrintAscii(")");
    }

    /// <summary>Prints the goroutine's frames from (fp, pc) outward: "name(...)" and "\tfile:line".
    /// A frame called by a panic shows a "panic(...)" line before the frame that panicked.</summary>
    void Traceback(byte* fp, long pc)
    {
        int n = 0;
        while (fp != null)
        {
            if (n++ == 100) { PrintAscii("...additional frames elided...\n"); break; }
            int fn = *(int*)(fp + Frame.OffFunc);
            PrintFrame(fn, pc);
            long c = _frames.BytecodeCont(*(long*)(fp + Frame.OffCont));
            if (c == Continuation.Exit) break;
            if (c == Continuation.Panic)
            {
                Panic* q = (Panic*)_g->Panic;
                while (q != null && q->Argp != (nint)fp) q = (Panic*)q->Link;
                if (q == null) break;
                PrintAscii("panic(...)\n\t<runtime>\n");
                fp = (byte*)q->Fp;
                pc = q->Pc;
                continue;
            }
            fp = *(byte**)(fp + Frame.OffSavedFp);
            pc = c - 1; // inside the call instruction
        }
    }

    void PrintFrame(int fn, long pc)
    {
        var f = _m.Funcs[fn];
        PrintAscii(f.Name);
        PrintAscii(_funcs[fn].NParams == 0 ? "()\n\t" : "(...)\n\t");
        PrintAscii((f.File.Length > 0 ? f.File : "?") + ":" + f.LineAt((int)Math.Max(0, pc)) + "\n");
    }

    /// <summary>A VM-internal impossible state (Go's throw): print and exit 2.</summary>
    Act Throw(string msg) => Fatal(msg, true);

    /// <summary>A fatal error as Go prints it: "fatal error: msg", then the goroutine's traceback; exit 2.</summary>
    Act Fatal(string msg, bool traceback)
    {
        PrintAscii("fatal error: " + msg + "\n");
        if (traceback && _fp != null)
        {
            PrintAscii($"\ngoroutine {_gr.Goid} [running]:\n");
            Traceback(_fp, _pc);
        }
        _exitCode = 2;
        return Act.Exit;
    }

    /// <summary>A failed prologue check: the stack does not grow yet (the copier comes with the GC), so
    /// this is Go's stack-overflow fatal error. The callee's frame was not built: its name heads the
    /// traceback, then its caller from the continuation.</summary>
    Act StackOverflow(byte* callerFp, long cont, int callee, nint sp)
    {
        PrintOverflowHeader(sp);
        PrintAscii($"\ngoroutine {_gr.Goid} [running]:\n");
        PrintFrame(callee, 0);
        if (callerFp != null)
        {
            cont = _frames.BytecodeCont(cont);
            if (cont >= 0) Traceback(callerFp, cont - 1);
            else if (cont == Continuation.Panic && _g->Panic != 0) Traceback((byte*)((Panic*)_g->Panic)->Fp, ((Panic*)_g->Panic)->Pc);
            else Traceback(callerFp, *(long*)(callerFp + Frame.OffCont));
        }
        _exitCode = 2;
        return Act.Exit;
    }

    Act StackOverflowAt(nint sp)
    {
        PrintOverflowHeader(sp);
        PrintAscii($"\ngoroutine {_gr.Goid} [running]:\n");
        Traceback(_fp, _pc);
        _exitCode = 2;
        return Act.Exit;
    }

    void PrintOverflowHeader(nint sp)
    {
        lock (_out)
        {
            PrintAscii("runtime: goroutine stack exceeds " + _copier.MaxSize + "-byte limit\n");
            PrintAscii("runtime: sp=");
            GoFormat.Hex(_out, (ulong)sp);
            PrintAscii(" stack=[");
            GoFormat.Hex(_out, (ulong)_g->StackLo);
            PrintAscii(", ");
            GoFormat.Hex(_out, (ulong)_g->StackHi);
            PrintAscii("]\nfatal error: stack overflow\n");
        }
    }

    // ---- print ----

    long* DoPrint(byte kind, long* sp)
    {
        lock (_out) return DoPrintLocked(kind, sp);
    }

    long* DoPrintLocked(byte kind, long* sp)
    {
        switch ((PrintKind)kind)
        {
            case PrintKind.Int: GoFormat.Int(_out, sp[0]); return sp + 1;
            case PrintKind.Uint: GoFormat.Uint(_out, (ulong)sp[0]); return sp + 1;
            case PrintKind.Float: GoFormat.Float(_out, *(double*)sp); return sp + 1;
            case PrintKind.Bool: GoFormat.Bool(_out, sp[0] != 0); return sp + 1;
            case PrintKind.String: PrintBytes((nint)sp[1], sp[0]); return sp + 2;
            case PrintKind.Pointer: GoFormat.Hex(_out, (ulong)sp[0]); return sp + 1;
            case PrintKind.Newline: _out.Add((byte)'\n'); MaybeFlush(); return sp;
            case PrintKind.Space: _out.Add((byte)' '); return sp;
            case PrintKind.Eface:
                _out.Add((byte)'(');
                GoFormat.Hex(_out, (ulong)sp[1]);
                _out.Add((byte)',');
                GoFormat.Hex(_out, (ulong)sp[0]);
                _out.Add((byte)')');
                return sp + 2;
            case PrintKind.Slice:
                _out.Add((byte)'[');
                GoFormat.Int(_out, sp[1]);
                _out.Add((byte)'/');
                GoFormat.Int(_out, sp[0]);
                _out.Add((byte)']');
                GoFormat.Hex(_out, (ulong)sp[2]);
                return sp + 3;
            default:
                return sp; // rule 3: print kinds are <= 9
        }
    }

    // ---- rt functions (Vm.Core/Bytecode/RuntimeFuncs.cs) ----

    /// <summary>Runs runtime function <paramref name="id"/> on the operand stack; returns the new
    /// stack top, or null when the program exits (os.Exit).</summary>
    long* DoRuntime(int id, long* sp)
    {
        switch ((RuntimeId)id)
        {
            case RuntimeId.GC:      // the loop collects before calling here (CollectHere)
            case RuntimeId.Gosched: // the loop parks before calling here (Gosched)
            case RuntimeId.Sleep or RuntimeId.SemAcquire or RuntimeId.SemRelease or RuntimeId.Atomic32 or RuntimeId.Atomic64
                or RuntimeId.AtomicU32 or RuntimeId.AtomicU64 or RuntimeId.Fatal: // the loop runs these in RtSched (Machine.Sched.cs)
                return sp;
            case RuntimeId.NumGoroutine: *--sp = Volatile.Read(ref _s.Live); return sp;
            case RuntimeId.ConcatString:
            {
                long l2 = sp[0], p2 = sp[1], l1 = sp[2], p1 = sp[3];
                sp += 2;
                if (l1 == 0) { sp[1] = p2; sp[0] = l2; return sp; }
                if (l2 == 0) { sp[1] = p1; sp[0] = l1; return sp; }
                long n = l1 + l2;
                nint p = _heap.Alloc(_cache, n, Heap.NoScanType);
                Buffer.MemoryCopy((void*)p1, (void*)p, l1, l1);
                Buffer.MemoryCopy((void*)p2, (void*)(p + (nint)l1), l2, l2);
                sp[1] = p; sp[0] = n;
                return sp;
            }
            case RuntimeId.CmpString:
            case RuntimeId.EqString:
            {
                long l2 = sp[0], p2 = sp[1], l1 = sp[2], p1 = sp[3];
                sp += 3;
                var a = new ReadOnlySpan<byte>((void*)p1, (int)l1);
                var b = new ReadOnlySpan<byte>((void*)p2, (int)l2);
                sp[0] = (RuntimeId)id == RuntimeId.EqString ? (a.SequenceEqual(b) ? 1 : 0) : Math.Sign(a.SequenceCompareTo(b));
                return sp;
            }
            case RuntimeId.IntString:
            {
                long v = sp[0];
                int r = v is < 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF) ? 0xFFFD : (int)v;
                Span<byte> buf = stackalloc byte[4];
                int n = new Rune(r).EncodeToUtf8(buf);
                var (p, len) = NewString(buf[..n]);
                sp -= 1; sp[1] = p; sp[0] = len;
                return sp;
            }
            case RuntimeId.BytesToString:
            {
                long len = sp[1], p = sp[2];
                var (np, nl) = NewString(new ReadOnlySpan<byte>((void*)p, (int)len));
                sp += 1; sp[1] = np; sp[0] = nl;
                return sp;
            }
            case RuntimeId.StringToBytes:
            {
                long len = sp[0], p = sp[1];
                nint np = _heap.AllocBytesCopy(_cache, (nint)p, len, out long cap);
                sp -= 1; sp[2] = np; sp[1] = len; sp[0] = cap;
                return sp;
            }
            case RuntimeId.ChanLen: // must match docs/abi.md §chan; read without the lock, as Go's len(ch)
                sp[0] = sp[0] == 0 ? 0 : Volatile.Read(ref ((Chan*)sp[0])->Qcount);
                return sp;
            case RuntimeId.ChanCap:
                sp[0] = sp[0] == 0 ? 0 : ((Chan*)sp[0])->Dataqsiz;
                return sp;
            case RuntimeId.GoMaxProcs:
            {
                long n = sp[0];
                sp[0] = _gomaxprocs;
                if (n > 0) SetMaxProcs((int)Math.Min(n, Sched.MaxProcs));
                return sp;
            }
            case RuntimeId.NanoTime: *--sp = NanoTime(); return sp;
            case RuntimeId.DecodeRune:
            {
                // (s p, len i, k i) -> (rune i, next i)
                long k = sp[0], len = sp[1], p = sp[2];
                int rune = RuntimeStrings.DecodeRune((byte*)p, len, k, out long next);
                sp += 1; sp[1] = rune; sp[0] = next;
                return sp;
            }
            case RuntimeId.TestLog: return TestLog(sp);   // Machine.Testing.cs
            case RuntimeId.TestCtl: return TestCtl(sp);
            case RuntimeId.TestName: return TestName(sp);
            case RuntimeId.StrHash or RuntimeId.FmtSprintf or RuntimeId.FmtSprintln or RuntimeId.Write or RuntimeId.WallTime
                or RuntimeId.FmtFloat or RuntimeId.ParseFloat or RuntimeId.StringToRunes or RuntimeId.RunesToString or RuntimeId.PanicText or RuntimeId.EfaceAs or RuntimeId.SliceLen or RuntimeId.SliceSwap:
                return LangRuntime((RuntimeId)id, sp); // Machine.Lang.cs
            case RuntimeId.Exit:
                _exitCode = (int)sp[0];
                _exited = true;
                return null;
            default:
                Fatal($"bad runtime function {id}", false); // rule 3: ids are in the table
                return null;
        }
    }

    // ---- append ----

    /// <summary>grow T: (p, len, cap, newlen) -> (p', newlen, cap') with cap' >= newlen, growing as
    /// Go 1.19's growslice does (double below 256 elements, then by 1.25x + 192, rounded up to the
    /// malloc size class) and copying the old elements. Sets the pending error on failure.</summary>
    bool Grow(long* sp, TypeRt* t)
    {
        long esz = t->Size;
        long newlen = sp[0], cap = sp[1], len = sp[2], p = sp[3];
        if (newlen < 0) { _err = Err.GrowSlice; return false; }
        if (newlen <= cap) { sp[2] = newlen; return true; }
        long newcap = cap, doublecap = cap + cap;
        if (newlen > doublecap) newcap = newlen;
        else if (cap < 256) newcap = doublecap;
        else
        {
            while (0 < newcap && newcap < newlen) newcap += (newcap + 3 * 256) / 4;
            if (newcap <= 0) newcap = newlen;
        }
        nint np;
        if (esz == 0) { np = _heap.ZeroBase; newcap = newlen; }
        else
        {
            if (newcap > MaxAlloc / esz) { _err = Err.GrowSlice; return false; }
            long mem = SizeClasses.RoundUp(newcap * esz);
            newcap = mem / esz;
            np = _heap.Alloc(_cache, mem, t->Tid);
            long old = Math.Min(len, cap) * esz;
            if (old > 0) Buffer.MemoryCopy((void*)p, (void*)np, old, old);
        }
        sp[3] = np; sp[2] = newlen; sp[1] = newcap;
        return true;
    }
}
