// Compiled by MSBuild's RoslynCodeTaskFactory from MLNet.Rnn.TorchSharp.targets (the task), and by the tests (the
// ELF edit alone, with ELF_EDIT_ONLY defined). Plain C# with no dependency beyond the base library, on purpose.
#nullable enable
using System;
using System.IO;
using System.Text;

namespace MLNet.Rnn.TorchSharp.Build
{
    /// <summary>
    /// Marks a version requirement of an ELF shared library weak (<c>VER_FLG_WEAK</c> in its <c>.gnu.version_r</c>
    /// entry), so the dynamic loader accepts a system library that lacks that version. TorchSharp 0.107's
    /// libLibTorchSharp.so asks for GLIBCXX_3.4.32 (GCC 13's libstdc++) only for a symbol it never calls, which keeps
    /// it from loading on Debian 12 and Ubuntu 22.04.
    /// </summary>
    public static class ElfVersionNeeds
    {
        private const uint GnuVersionNeeds = 0x6ffffffe; // SHT_GNU_verneed
        private const ushort WeakFlag = 0x2;              // VER_FLG_WEAK

        /// <summary>
        /// Sets the weak flag on every requirement of <paramref name="version"/> in <paramref name="elf"/> (a 64-bit
        /// little-endian ELF file). Returns how many entries changed (0 when none asks for it or all are weak already).
        /// </summary>
        /// <exception cref="InvalidDataException">The bytes are not such an ELF file, or a header, section or entry points outside them.</exception>
        public static int MakeWeak(byte[] elf, string version)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw Invalid("not an ELF file");
            if (elf[4] != 2 || elf[5] != 1)
                throw Invalid("not a 64-bit little-endian ELF file");
            long sectionHeaders = ReadOffset(elf, 0x28, "section header offset");
            int headerSize = ReadUInt16(elf, 0x3A), headerCount = ReadUInt16(elf, 0x3C);
            if (headerSize < 64)
                throw Invalid($"section headers of {headerSize} bytes");
            Within(elf, sectionHeaders, (long)headerSize * headerCount, "the section header table");

            int changed = 0;
            for (int s = 0; s < headerCount; s++)
            {
                int header = checked((int)(sectionHeaders + (long)s * headerSize));
                if (ReadUInt32(elf, header + 4) != GnuVersionNeeds)
                    continue;
                long offset = ReadOffset(elf, header + 24, "version needs offset"), size = ReadOffset(elf, header + 32, "version needs size");
                Within(elf, offset, size, "the version needs section");
                int link = checked((int)ReadUInt32(elf, header + 40)), needs = checked((int)ReadUInt32(elf, header + 44));
                if (link >= headerCount)
                    throw Invalid($"the version needs section links to section {link} of {headerCount}");
                int stringHeader = checked((int)(sectionHeaders + (long)link * headerSize));
                long strings = ReadOffset(elf, stringHeader + 24, "string table offset"), stringsSize = ReadOffset(elf, stringHeader + 32, "string table size");
                Within(elf, strings, stringsSize, "the string table");
                changed += MakeWeak(elf, version, offset, size, needs, strings, stringsSize);
            }
            return changed;
        }

        /// <summary>Walks the Elf64_Verneed entries of one section and their Elf64_Vernaux entries.</summary>
        private static int MakeWeak(byte[] elf, string version, long section, long size, int needs, long strings, long stringsSize)
        {
            int changed = 0;
            long need = section;
            for (int n = 0; n < needs; n++)
            {
                Within(elf, need, 16, "a version need entry");
                if (need + 16 > section + size)
                    throw Invalid("a version need entry runs past its section");
                int auxCount = ReadUInt16(elf, (int)need + 2);
                long aux = need + ReadUInt32(elf, (int)need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    Within(elf, aux, 16, "a version need auxiliary entry");
                    if (aux + 16 > section + size)
                        throw Invalid("a version need auxiliary entry runs past its section");
                    string name = ReadString(elf, strings, stringsSize, ReadUInt32(elf, (int)aux + 8));
                    int flags = (int)aux + 4;
                    ushort value = ReadUInt16(elf, flags);
                    if (name == version && (value & WeakFlag) == 0)
                    {
                        value |= WeakFlag;
                        elf[flags] = (byte)value;
                        elf[flags + 1] = (byte)(value >> 8);
                        changed++;
                    }
                    uint next = ReadUInt32(elf, (int)aux + 12);
                    if (next == 0)
                        break;
                    aux += next;
                }
                uint nextNeed = ReadUInt32(elf, (int)need + 12);
                if (nextNeed == 0)
                    break;
                need += nextNeed;
            }
            return changed;
        }

        private static string ReadString(byte[] elf, long table, long tableSize, uint offset)
        {
            if (offset >= tableSize)
                throw Invalid($"a name at {offset} is outside the string table of {tableSize} bytes");
            long start = table + offset, end = start;
            while (end < table + tableSize && elf[end] != 0)
                end++;
            if (end == table + tableSize)
                throw Invalid("a name runs past the string table");
            return Encoding.ASCII.GetString(elf, (int)start, (int)(end - start));
        }

        private static long ReadOffset(byte[] elf, int at, string what)
        {
            Within(elf, at, 8, what);
            ulong value = BitConverter.ToUInt64(elf, at);
            if (value > int.MaxValue)
                throw Invalid($"the {what} {value} is beyond any file this reads");
            return (long)value;
        }

        private static ushort ReadUInt16(byte[] elf, int at)
        {
            Within(elf, at, 2, "a 16-bit field");
            return (ushort)(elf[at] | elf[at + 1] << 8);
        }

        private static uint ReadUInt32(byte[] elf, int at)
        {
            Within(elf, at, 4, "a 32-bit field");
            return BitConverter.ToUInt32(elf, at);
        }

        private static void Within(byte[] elf, long offset, long length, string what)
        {
            if (offset < 0 || length < 0 || offset + length > elf.Length)
                throw Invalid($"{what} ({length} bytes at {offset}) lies outside the file's {elf.Length} bytes");
        }

        private static InvalidDataException Invalid(string problem) => new InvalidDataException("Cannot edit the ELF file: " + problem + ".");
    }

#if !ELF_EDIT_ONLY
    /// <summary>
    /// The build step: in the output copies of libLibTorchSharp.so (never the NuGet cache's), marks the GLIBCXX_3.4.32
    /// requirement weak, whatever the machine that builds: the app may run on a Linux whose libstdc++ lacks that
    /// version, and where it has it the weak flag changes nothing.
    /// </summary>
    public sealed class WeakenGlibcxxRequirement : Microsoft.Build.Utilities.Task
    {
        /// <summary>The Linux copies of libLibTorchSharp.so in the build or publish output.</summary>
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Libraries { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        /// <summary>The version requirement to weaken.</summary>
        public string Version { get; set; } = "GLIBCXX_3.4.32";

        public override bool Execute()
        {
            foreach (var item in Libraries)
            {
                string path = item.ItemSpec;
                try
                {
                    byte[] elf = File.ReadAllBytes(path);
                    if (ElfVersionNeeds.MakeWeak(elf, Version) == 0)
                        continue;
                    // A new file in place of the old, never a write into it: the output copy may be a hard link into
                    // the NuGet cache, and deleting a link leaves the cache's file as it is.
                    string temporary = path + ".weak-glibcxx.tmp";
                    File.WriteAllBytes(temporary, elf);
                    File.Delete(path);
                    File.Move(temporary, path);
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal,
                        $"{path}: marked its {Version} requirement weak, so that it loads where libstdc++ lacks that version (MLNet.Rnn.TorchSharp).");
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidDataException)
                {
                    Log.LogWarning($"MLNet.Rnn.TorchSharp could not mark the {Version} requirement of {path} weak ({e.Message}); libtorch may not load on a Linux whose libstdc++ lacks that version.");
                }
            }
            return true;
        }
    }
#endif
}
