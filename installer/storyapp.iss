; Windows installer for the one-folder build in dist\storyapp (see installer\README.md).
; Build: iscc installer\storyapp.iss  (optionally /DAppVersion=0.1.0)

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6E0B8C2A-4F5D-4C57-9B1E-7A3D5F2C9E41}
AppName=storyapp
AppVersion={#AppVersion}
AppPublisher=storyapp
DefaultDirName={autopf}\storyapp
DefaultGroupName=storyapp
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist\installer
OutputBaseFilename=storyapp-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
UninstallDisplayIcon={app}\storyapp-gui.exe
InfoBeforeFile=cuda-note.txt

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; Flags: unchecked

[Files]
Source: "..\dist\storyapp\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; The models folder: where the user keeps SDXL checkpoints and other models. It sits in the
; app's data folder (platformdirs' user data dir, as the app finds it), so it survives updates.
Source: "..\models\README.md"; DestDir: "{localappdata}\storyapp\storyapp\models"; Flags: onlyifdoesntexist uninsneveruninstall

[Dirs]
Name: "{localappdata}\storyapp\storyapp\models"; Flags: uninsneveruninstall

[Icons]
Name: "{group}\storyapp"; Filename: "{app}\storyapp-gui.exe"
Name: "{group}\storyapp models folder"; Filename: "{localappdata}\storyapp\storyapp\models"
Name: "{group}\Uninstall storyapp"; Filename: "{uninstallexe}"
Name: "{autodesktop}\storyapp"; Filename: "{app}\storyapp-gui.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\storyapp-gui.exe"; Description: "{cm:LaunchProgram,storyapp}"; Flags: nowait postinstall skipifsilent

; The uninstaller removes the program only: the library, logs and models in the data folder stay.
