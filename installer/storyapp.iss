; Windows installer for the one-folder build in dist\storyapp (see installer\README.md).
; Build: iscc installer\storyapp.iss  (optionally /DAppVersion=0.1.0)

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
; Two installers from this one script: the default (CPU torch) and, with /DFlavor=cuda, the one
; for NVIDIA GPUs, built from a venv with CUDA torch into dist-cuda\storyapp (installer\README.md).
#ifndef Flavor
  #define Flavor "cpu"
#endif
#if Flavor == "cuda"
  #define Dist "..\dist-cuda\storyapp"
  #define Suffix "-cuda"
#else
  #define Dist "..\dist\storyapp"
  #define Suffix ""
#endif
; The data folder, as platformdirs.user_data_dir("storyapp") finds it on Windows.
#define DataDir "{localappdata}\storyapp\storyapp"

[Setup]
AppId={{6E0B8C2A-4F5D-4C57-9B1E-7A3D5F2C9E41}
AppName=storyapp
AppVersion={#AppVersion}
AppPublisher=storyapp
DefaultDirName={autopf}\storyapp
DefaultGroupName=storyapp
DisableProgramGroupPage=yes
; Per user, no administrator: {autopf} is the user's own programs folder and {localappdata} the
; user's profile. An all-users install would put the data folder in the administrator's profile.
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist\installer
OutputBaseFilename=storyapp-{#AppVersion}{#Suffix}-setup
Compression=lzma2/max
SolidCompression=yes
; CUDA torch makes the payload pass the 4.2 GB a single setup file can hold: setup.exe plus
; setup-N.bin files beside it, shipped together.
DiskSpanning=yes
DiskSliceSize=max
UninstallDisplayIcon={app}\storyapp-gui.exe
InfoBeforeFile=cuda-note.txt

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; Flags: unchecked

[Files]
Source: "{#Dist}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; The models folder: where the user keeps SDXL checkpoints and other models. It sits in the
; app's data folder (platformdirs' user data dir, as the app finds it), so it survives updates.
Source: "..\models\README.md"; DestDir: "{#DataDir}\models"; Flags: onlyifdoesntexist uninsneveruninstall

[Dirs]
Name: "{#DataDir}\models"; Flags: uninsneveruninstall

[Icons]
Name: "{group}\storyapp"; Filename: "{app}\storyapp-gui.exe"
Name: "{group}\storyapp models folder"; Filename: "{#DataDir}\models"
Name: "{group}\Uninstall storyapp"; Filename: "{uninstallexe}"
Name: "{autodesktop}\storyapp"; Filename: "{app}\storyapp-gui.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\storyapp-gui.exe"; Description: "{cm:LaunchProgram,storyapp}"; Flags: nowait postinstall skipifsilent

[Code]
#if Flavor != "cuda"
// The CPU build on a PC with an NVIDIA card: say that the CUDA installer is the one for it.
function InitializeSetup(): Boolean;
begin
  Result := True;
  if FileExists(ExpandConstant('{sys}\nvidia-smi.exe')) and not WizardSilent() then
    Result := MsgBox('This PC has an NVIDIA graphics card. storyapp-{#AppVersion}-cuda-setup.exe ' +
      'writes and paints many times faster on it.' + #13#10#13#10 +
      'Install this CPU version anyway?', mbConfirmation, MB_YESNO) = IDYES;
end;
#endif

// The uninstaller removes the program; the library, logs, models and caches in the data folder
// stay unless the user asks here (No is the default; a silent uninstall keeps them).
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Data: String;
begin
  if CurUninstallStep <> usPostUninstall then
    exit;
  Data := ExpandConstant('{#DataDir}');
  if DirExists(Data) and not UninstallSilent() then
    if MsgBox('Also delete your stories, pictures, logs and downloaded models in' + #13#10 +
        Data + '?' + #13#10#13#10 + 'Choose No to keep them: installing storyapp again finds them.',
        mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
      DelTree(Data, True, True, True);
end;
